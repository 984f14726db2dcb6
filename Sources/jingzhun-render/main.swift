import JingzhunCommands
import JingzhunRuns

StageCommand.main(stage: .render)
