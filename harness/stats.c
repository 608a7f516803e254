/* placeholder until the statistics module lands */
#include "config.h"
#include "stats.h"
