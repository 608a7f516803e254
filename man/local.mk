dist_man_MANS += man/bnbench.1 man/bnbench-run.1 man/bnbench-show.1 man/bnbench-list.1 man/bnbench-exec.1
dist_man_MANS += man/bnbench-suite.5
dist_man_MANS += man/bnbench-plugin.3
