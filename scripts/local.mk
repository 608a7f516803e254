EXTRA_DIST += scripts/quickstart
EXTRA_DIST += scripts/gpu-check
EXTRA_DIST += scripts/make-history-db
EXTRA_DIST += scripts/bnbench-ci-gate scripts/gate-quality
# bash completion, installed as .../bash-completion/completions/bnbench (configure --with-bash-completion-dir)
bashcompletiondir = @BASH_COMPLETION_DIR@
dist_bashcompletion_DATA = scripts/bash-completion/bnbench
