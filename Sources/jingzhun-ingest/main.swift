import JingzhunCommands
import JingzhunRuns

StageCommand.main(stage: .ingest)
