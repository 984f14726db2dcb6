// JingzhunIndicators: see Documentation.docc
