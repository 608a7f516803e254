dist_man_MANS += man/bnbench.1
