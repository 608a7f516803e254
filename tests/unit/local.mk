# Unit tests: one fragment per area.
include $(srcdir)/tests/unit/core.mk
include $(srcdir)/tests/unit/formats.mk
include $(srcdir)/tests/unit/kernels.mk
include $(srcdir)/tests/unit/stats.mk
include $(srcdir)/tests/unit/store.mk
include $(srcdir)/tests/unit/suite.mk
include $(srcdir)/tests/unit/cuda.mk
include $(srcdir)/tests/unit/json.mk
include $(srcdir)/tests/unit/compare.mk
include $(srcdir)/tests/unit/engine.mk
