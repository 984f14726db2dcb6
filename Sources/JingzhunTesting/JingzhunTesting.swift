// JingzhunTesting: see Documentation.docc
