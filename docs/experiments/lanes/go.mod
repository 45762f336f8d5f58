module lanesexperiment

go 1.26
