# plugin cuda: see plugins/cuda/
