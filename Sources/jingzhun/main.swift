import JingzhunCommands

JingzhunCommand.runMain()
