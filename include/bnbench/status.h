/* bnbench status codes: stable values, shared by the harness and plugins. */
#ifndef BNBENCH_STATUS_H
#define BNBENCH_STATUS_H

/* Values never change meaning; new codes are only appended. */
enum bnb_status {
	BNB_OK = 0,
	BNB_EINVAL = 1,       /* invalid argument or input */
	BNB_ENOMEM = 2,       /* out of memory */
	BNB_EIO = 3,          /* file or pipe i/o failed */
	BNB_EUNSUPPORTED = 4, /* not available on this machine or build */
	BNB_EVERIFY = 5,      /* output differs from the reference */
	BNB_EABI = 6,         /* plugin ABI mismatch or malformed plugin */
	BNB_ENOTFOUND = 7,    /* named thing does not exist */
	BNB_EFORMAT = 8,      /* malformed file contents */
	BNB_EDB = 9,          /* database error */
	BNB_ECRASH = 10,      /* a worker died (signal) */
	BNB_ETIMEOUT = 11,    /* a worker or request took too long */
	BNB_EINTR = 12,       /* interrupted by the user */
	BNB_EINTERNAL = 13    /* a bug in bnbench */
};

static inline const char *bnb_status_name(int status)
{
	switch (status) {
	case BNB_OK: return "ok";
	case BNB_EINVAL: return "invalid argument";
	case BNB_ENOMEM: return "out of memory";
	case BNB_EIO: return "i/o error";
	case BNB_EUNSUPPORTED: return "unsupported";
	case BNB_EVERIFY: return "verification failed";
	case BNB_EABI: return "plugin abi error";
	case BNB_ENOTFOUND: return "not found";
	case BNB_EFORMAT: return "malformed input";
	case BNB_EDB: return "database error";
	case BNB_ECRASH: return "crashed";
	case BNB_ETIMEOUT: return "timed out";
	case BNB_EINTR: return "interrupted";
	case BNB_EINTERNAL: return "internal error";
	default: return "unknown status";
	}
}

#endif
