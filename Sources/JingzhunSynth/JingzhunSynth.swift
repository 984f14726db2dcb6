// JingzhunSynth: see Documentation.docc
