# plugin i2s (see plugins/avx2/local.mk for the shape; template in git history)
