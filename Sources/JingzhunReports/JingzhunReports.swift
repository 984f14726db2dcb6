// JingzhunReports: see Documentation.docc
