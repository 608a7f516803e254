dist_man_MANS += man/bnbench.1 man/bnbench-run.1 man/bnbench-show.1 man/bnbench-list.1 man/bnbench-exec.1
dist_man_MANS += man/bnbench-suite.5
dist_man_MANS += man/bnbench-plugin.3
dist_man_MANS += man/bnbench-compare.1 man/bnbench-baseline.1 man/bnbench-gate.1 man/bnbench-ab.1
dist_man_MANS += man/bnbench-import.1 man/bnbench-export.1 man/bnbench-merge.1
dist_man_MANS += man/bnbench-report.1 man/bnbench-history.1
dist_man_MANS += man/bnbench-formats.7
