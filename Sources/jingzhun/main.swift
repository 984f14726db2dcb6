import JingzhunCommands

JingzhunCommand.main()
