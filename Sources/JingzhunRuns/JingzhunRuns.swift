// JingzhunRuns: see Documentation.docc
