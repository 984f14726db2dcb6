// JingzhunStore: see Documentation.docc
