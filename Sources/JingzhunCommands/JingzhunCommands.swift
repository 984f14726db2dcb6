// JingzhunCommands: see Documentation.docc
