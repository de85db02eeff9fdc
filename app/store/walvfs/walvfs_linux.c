/*
** A VFS that wraps SQLite's default "unix" VFS and changes two things, both
** for the files a writing connection syncs:
**
** 1. The write-ahead log's writes are gathered: SQLite writes a commit's
**    frames one after the other (two pwrites each: the 24-byte frame header
**    and the page); the shim keeps a contiguous run in memory and hands it to
**    the unix file as one write (one pwrite) when SQLite syncs the log, and
**    before anything that could see the file (a read, its size, a truncate,
**    a lock, a file control, close), before a write that does not continue
**    the run, and when the run would pass WALVFS_MAX_RUN. The run is also
**    written as soon as SQLite has written a commit frame (its 24-byte
**    header names the database size, then its page), so a write that fails
**    is answered to that xWrite, before SQLite publishes the commit in the
**    wal-index, whatever the synchronous setting (see shimWrite).
**
** 2. A sync is fdatasync(2) instead of fsync(2), as SQLite itself does on
**    Linux when built with HAVE_FDATASYNC (go-sqlite3 builds it without).
**    The first sync of each opened file goes through the unix VFS's own
**    xSync, which also syncs the directory once when the file was created.
**    The descriptor is the unix file's own (unixFile.h), used only when
**    fstat of it names the same inode as the path: otherwise every sync is
**    the unix VFS's.
**
** Nothing else changes: locks, shared memory and mmap are the unix file's.
*/

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite3vfs.h"
#include "walvfs.h"

#define WALVFS_MAX_RUN (4 * 1024 * 1024)

/* SQLite's functions the shim calls are weak references, resolved at link
** (or load) time to the SQLite go-sqlite3 links: one that is missing (a
** libsqlite3 build against an older system SQLite) is a null pointer, which
** walvfs_check refuses, instead of a link flag that would let a missing
** symbol become a call to address zero at run time. */
#pragma weak sqlite3_libversion_number
#pragma weak sqlite3_vfs_find
#pragma weak sqlite3_vfs_register
#pragma weak sqlite3_database_file_object
#pragma weak sqlite3_config
#pragma weak sqlite3_status
int sqlite3_status(int op, int *pCurrent, int *pHighwater, int resetFlag);
#define WALVFS_STATUS_MALLOC_COUNT 9 /* SQLITE_STATUS_MALLOC_COUNT */

/* The head of os_unix.c's struct unixFile (SQLite 3.x): three pointers,
** then the descriptor. Read only after the inode check in shimOpen. */
typedef struct unixFileHead {
  const void *pMethod;
  void *pVfs;
  void *pInode;
  int h;
} unixFileHead;

typedef struct ShimFile {
  sqlite3_file base;   /* our methods */
  sqlite3_file *real;  /* the unix file, allocated just after this struct */
  int fd;              /* the unix file's descriptor, or -1: sync through it */
  int synced;          /* the first sync went through the unix VFS */
  int gather;          /* 1 for the write-ahead log */
  char *run;           /* the gathered writes, [runOff, runOff+runLen) */
  int runLen;
  int runCap;
  sqlite3_int64 runOff;
  sqlite3_int64 commitPage; /* offset of the commit frame's page, or -1 */
  /* A log and its database file, both opened through the shim, know each
  ** other: the database file's shared-memory barrier and unlocks write the
  ** log's run first (see shimShmBarrier). */
  struct ShimFile *wal; /* on a database file: its log, while open */
  struct ShimFile *db;  /* on a log: its database file */
  /* A gathered log is listed (logs, under logsMu) from its open to its
  ** close, by its inode, for walvfs_sync_log. */
  struct ShimFile *nextLog;
  int listed;
  dev_t dev;
  ino_t ino;
} ShimFile;

static sqlite3_vfs *unixVfs;
static sqlite3_vfs shimVfs;
static sqlite3_io_methods shimMethods;
static walvfs_counts counts;

/* The gathered logs open now, for walvfs_sync_log. */
static pthread_mutex_t logsMu = PTHREAD_MUTEX_INITIALIZER;
static ShimFile *logs;

/* Tests only (walvfs_fail_writes, walvfs_fail_syncs): the next n runs fail
** to write, the next n syncs of walvfs_sync_log fail, with EIO. */
static int failWrites, failSyncs;

void walvfs_fail_writes(int n) { __atomic_store_n(&failWrites, n, __ATOMIC_SEQ_CST); }
void walvfs_fail_syncs(int n) { __atomic_store_n(&failSyncs, n, __ATOMIC_SEQ_CST); }

static int failThis(int *counter) {
  int n = __atomic_load_n(counter, __ATOMIC_SEQ_CST);
  while (n > 0) {
    if (__atomic_compare_exchange_n(counter, &n, n - 1, 0, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST)) {
      return 1;
    }
  }
  return 0;
}

#define COUNT(field) __atomic_add_fetch(&counts.field, 1, __ATOMIC_RELAXED)

/* Writes the run with pwrite on the file's verified descriptor. (The unix
** VFS's xWrite takes at most 128 KiB a call: its seekAndWriteFd masks the
** length with 0x1ffff.) Errors are the unix VFS's: SQLITE_FULL when the
** disk is full, SQLITE_IOERR_WRITE otherwise. The run is let go either
** way: a failure reaches SQLite as the failed write of the transaction that
** made it (the commit frame's write, a read, a sync...), which SQLite then
** rolls back. */
static int flush(ShimFile *p) {
  const char *z = p->run;
  sqlite3_int64 off = p->runOff;
  int n = p->runLen;
  if (n == 0) return SQLITE_OK;
  p->runLen = 0;
  COUNT(flushes);
  while (n > 0) {
    ssize_t w;
    if (failThis(&failWrites)) {
      w = -1;
      errno = EIO;
    } else {
      do {
        w = pwrite(p->fd, z, (size_t)n, (off_t)off);
      } while (w < 0 && errno == EINTR);
    }
    if (w <= 0) {
      return (w == 0 || errno == ENOSPC) ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    }
    z += w;
    off += w;
    n -= (int)w;
  }
  return SQLITE_OK;
}

static int shimClose(sqlite3_file *f) {
  ShimFile *p = (ShimFile *)f;
  int rc;
  if (p->listed) {
    /* Waits for a walvfs_sync_log on this log's descriptor to end. */
    ShimFile **q;
    pthread_mutex_lock(&logsMu);
    for (q = &logs; *q != 0; q = &(*q)->nextLog) {
      if (*q == p) {
        *q = p->nextLog;
        break;
      }
    }
    pthread_mutex_unlock(&logsMu);
    p->listed = 0;
  }
  rc = flush(p);
  if (p->db != 0 && p->db->wal == p) p->db->wal = 0;
  if (p->wal != 0 && p->wal->db == p) p->wal->db = 0;
  int rc2 = p->real->pMethods->xClose(p->real);
  free(p->run);
  p->run = 0;
  p->runCap = 0;
  return rc != SQLITE_OK ? rc : rc2;
}

static int shimRead(sqlite3_file *f, void *z, int n, sqlite3_int64 off) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xRead(p->real, z, n, off);
}

static int shimWrite(sqlite3_file *f, const void *z, int n, sqlite3_int64 off) {
  ShimFile *p = (ShimFile *)f;
  int rc;
  if (!p->gather) return p->real->pMethods->xWrite(p->real, z, n, off);
  COUNT(writes);
  if (p->runLen > 0 && off == p->runOff + p->runLen &&
      p->runLen + n <= WALVFS_MAX_RUN) {
    /* continues the run */
  } else {
    rc = flush(p);
    if (rc != SQLITE_OK) return rc;
    if (n > WALVFS_MAX_RUN) {
      COUNT(flushes);
      return p->real->pMethods->xWrite(p->real, z, n, off);
    }
    p->runOff = off;
  }
  if (p->runLen + n > p->runCap) {
    int c = p->runCap ? p->runCap : 64 * 1024;
    char *r;
    while (c < p->runLen + n) c *= 2;
    if (c > WALVFS_MAX_RUN) c = WALVFS_MAX_RUN;
    r = realloc(p->run, c);
    if (r == 0) {
      /* No room to gather: write what is gathered, then this, now. */
      rc = flush(p);
      if (rc != SQLITE_OK) return rc;
      COUNT(flushes);
      return p->real->pMethods->xWrite(p->real, z, n, off);
    }
    p->run = r;
    p->runCap = c;
  }
  memcpy(p->run + p->runLen, z, n);
  p->runLen += n;
  /* SQLite writes a frame as its 24-byte header, then its page. A commit
  ** frame's header names the database's size in pages (bytes 4-7, zero on
  ** other frames): once its page is gathered the run is written, so that a
  ** failure is this xWrite's answer and SQLite fails the commit before the
  ** wal-index shows it to anyone. Under synchronous FULL the sync comes
  ** next anyway: still one write a commit. */
  if (n == 24 && off >= 32) {
    const unsigned char *h = (const unsigned char *)z;
    int commit = (h[4] | h[5] | h[6] | h[7]) != 0;
    p->commitPage = commit ? off + 24 : -1;
  } else if (off == p->commitPage) {
    p->commitPage = -1;
    return flush(p);
  }
  return SQLITE_OK;
}

static int shimTruncate(sqlite3_file *f, sqlite3_int64 size) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xTruncate(p->real, size);
}

static int shimSync(sqlite3_file *f, int flags) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  if (p->fd < 0 || !p->synced) {
    rc = p->real->pMethods->xSync(p->real, flags);
    if (rc == SQLITE_OK) p->synced = 1;
    COUNT(unixSyncs);
    return rc;
  }
  if (fdatasync(p->fd) != 0) return SQLITE_IOERR_FSYNC;
  COUNT(datasyncs);
  return SQLITE_OK;
}

static int shimFileSize(sqlite3_file *f, sqlite3_int64 *size) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xFileSize(p->real, size);
}

static int shimLock(sqlite3_file *f, int lock) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xLock(p->real, lock);
}

static int shimUnlock(sqlite3_file *f, int lock) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xUnlock(p->real, lock);
}

static int shimCheckReservedLock(sqlite3_file *f, int *out) {
  ShimFile *p = (ShimFile *)f;
  return p->real->pMethods->xCheckReservedLock(p->real, out);
}

static int shimFileControl(sqlite3_file *f, int op, void *arg) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xFileControl(p->real, op, arg);
}

static int shimSectorSize(sqlite3_file *f) {
  ShimFile *p = (ShimFile *)f;
  return p->real->pMethods->xSectorSize(p->real);
}

static int shimDeviceCharacteristics(sqlite3_file *f) {
  ShimFile *p = (ShimFile *)f;
  return p->real->pMethods->xDeviceCharacteristics(p->real);
}

static int shimShmMap(sqlite3_file *f, int pg, int pgsz, int extend,
                      void volatile **pp) {
  ShimFile *p = (ShimFile *)f;
  return p->real->pMethods->xShmMap(p->real, pg, pgsz, extend, pp);
}

/* Before a lock of the wal-index is let go (the end of a write transaction,
** committed or rolled back) the log's run is written: no run outlives the
** write lock, so none can land later over frames another connection wrote
** meanwhile. A committed transaction's run was written at its commit frame
** (shimWrite), so a run left here is a rolled-back one's, whose frames are
** never valid: SQLite ignores an unlock's error, and losing it is harmless. */
static int shimShmLock(sqlite3_file *f, int offset, int n, int flags) {
  ShimFile *p = (ShimFile *)f;
  if ((flags & SQLITE_SHM_UNLOCK) && p->wal != 0) {
    int rc = flush(p->wal);
    if (rc != SQLITE_OK) {
      p->real->pMethods->xShmLock(p->real, offset, n, flags);
      return rc;
    }
  }
  return p->real->pMethods->xShmLock(p->real, offset, n, flags);
}

/* SQLite calls the barrier between the two copies of a new wal-index
** header (walIndexWriteHdr), before any other connection can see the new
** frames. A commit's run was written when its commit frame was (shimWrite),
** and its failure answered there, so this finds the run empty; it writes
** whatever is left anyway, so that no one reads a frame still in the
** shim's memory. A failure here cannot be reported to SQLite (the barrier
** returns nothing): it is counted (barrierErrors). */
static void shimShmBarrier(sqlite3_file *f) {
  ShimFile *p = (ShimFile *)f;
  if (p->wal != 0 && flush(p->wal) != SQLITE_OK) COUNT(barrierErrors);
  p->real->pMethods->xShmBarrier(p->real);
}

static int shimShmUnmap(sqlite3_file *f, int deleteFlag) {
  ShimFile *p = (ShimFile *)f;
  return p->real->pMethods->xShmUnmap(p->real, deleteFlag);
}

static int shimFetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp) {
  ShimFile *p = (ShimFile *)f;
  int rc = flush(p);
  if (rc != SQLITE_OK) return rc;
  return p->real->pMethods->xFetch(p->real, off, n, pp);
}

static int shimUnfetch(sqlite3_file *f, sqlite3_int64 off, void *ptr) {
  ShimFile *p = (ShimFile *)f;
  return p->real->pMethods->xUnfetch(p->real, off, ptr);
}

/* The descriptor of the unix file f opened at path, or -1 if it cannot be
** shown to be that file's; byFd is its fstat. */
static int descriptorOf(sqlite3_file *f, const char *path, struct stat *byFd) {
  struct stat byPath;
  int h = ((unixFileHead *)f)->h;
  if (path == 0 || h < 0) return -1;
  if (fstat(h, byFd) != 0 || stat(path, &byPath) != 0) return -1;
  if (byFd->st_dev != byPath.st_dev || byFd->st_ino != byPath.st_ino) return -1;
  return h;
}

static int shimOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f,
                    int flags, int *outFlags) {
  ShimFile *p = (ShimFile *)f;
  struct stat st;
  int rc;
  (void)vfs;
  memset(p, 0, sizeof(*p));
  p->fd = -1;
  p->commitPage = -1;
  p->real = (sqlite3_file *)&p[1];
  rc = unixVfs->xOpen(unixVfs, name, p->real, flags, outFlags);
  if (p->real->pMethods == 0) {
    p->base.pMethods = 0;
    return rc;
  }
  p->base.pMethods = &shimMethods;
  if (rc != SQLITE_OK) return rc;
  if (flags & (SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_DB)) {
    /* Only files of the unix VFS's own methods have its unixFile. */
    if (p->real->pMethods->iVersion >= 3) p->fd = descriptorOf(p->real, name, &st);
    if (p->fd < 0) COUNT(unverified);
  }
  /* Gathered writes go straight to the descriptor: only a verified one. */
  p->gather = (flags & SQLITE_OPEN_WAL) != 0 && p->fd >= 0;
  if (p->gather) {
    /* The database file this log belongs to, when the shim opened it too;
    ** without it, writes are not gathered (nothing would write the run
    ** before other connections may read it). */
    sqlite3_file *db = sqlite3_database_file_object(name);
    if (db != 0 && db->pMethods == &shimMethods) {
      p->db = (ShimFile *)db;
      p->db->wal = p;
      p->dev = st.st_dev;
      p->ino = st.st_ino;
      pthread_mutex_lock(&logsMu);
      p->nextLog = logs;
      logs = p;
      p->listed = 1;
      pthread_mutex_unlock(&logsMu);
      COUNT(walsOpened);
    } else {
      p->gather = 0;
      COUNT(unverified);
    }
  }
  return SQLITE_OK;
}

/* fdatasync of the log with this inode, on the descriptor of one of the
** connections that have it open through the shim (the same file, so the
** same pages: which connection wrote them does not matter). The log stays
** open meanwhile: closing it waits for logsMu. Only the descriptor is
** used, never the connection's gathered run (its writer may be gathering
** the next transaction's frames in another thread): what the log's
** committed transactions wrote is in the file already, written at their
** commit frame. 0, the errno of a failed fdatasync, or -1 when no log with
** that inode is open through the shim. */
int walvfs_sync_log(unsigned long long dev, unsigned long long ino) {
  ShimFile *p;
  int rc = -1;
  pthread_mutex_lock(&logsMu);
  for (p = logs; p != 0; p = p->nextLog) {
    if ((unsigned long long)p->dev != dev || (unsigned long long)p->ino != ino) continue;
    __atomic_add_fetch(&counts.logSyncsBegun, 1, __ATOMIC_SEQ_CST);
    if (failThis(&failSyncs)) {
      rc = EIO;
    } else if (fdatasync(p->fd) != 0) {
      rc = errno;
    } else {
      rc = 0;
    }
    if (rc != 0) COUNT(logSyncErrors);
    __atomic_add_fetch(&counts.logSyncsEnded, 1, __ATOMIC_SEQ_CST);
    break;
  }
  pthread_mutex_unlock(&logsMu);
  return rc;
}

/* 1 if a log with this inode is open through the shim, else 0. */
int walvfs_log_open(unsigned long long dev, unsigned long long ino) {
  ShimFile *p;
  int open = 0;
  pthread_mutex_lock(&logsMu);
  for (p = logs; p != 0; p = p->nextLog) {
    if ((unsigned long long)p->dev == dev && (unsigned long long)p->ino == ino) open = 1;
  }
  pthread_mutex_unlock(&logsMu);
  return open;
}

/* SQLITE_OK if the shim can wrap an SQLite of this version number whose
** functions it calls are all there; SQLITE_ERROR otherwise. */
int walvfs_check(int version) {
  if (sqlite3_libversion_number == 0 || sqlite3_vfs_find == 0 ||
      sqlite3_vfs_register == 0 || sqlite3_database_file_object == 0) {
    return SQLITE_ERROR;
  }
  return version >= WALVFS_MIN_VERSION ? SQLITE_OK : SQLITE_ERROR;
}

int walvfs_version(void) {
  return sqlite3_libversion_number == 0 ? 0 : sqlite3_libversion_number();
}

/* SQLite keeps memory statistics unless built with
** SQLITE_DEFAULT_MEMSTATUS=0, which go-sqlite3 does not set: every
** sqlite3_malloc and sqlite3_free of every connection then takes one
** process-wide mutex to count. Nothing here reads the statistics (the
** server's memory breakdown asks the C library), so they are turned off,
** as SQLite's documentation recommends, before SQLite initialises. */
int walvfs_memstatus_off(void) {
  if (sqlite3_config == 0) return SQLITE_ERROR;
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int walvfs_malloc_count(void) {
  int now = 0, high = 0;
  if (sqlite3_status == 0) return -1;
  if (sqlite3_status(WALVFS_STATUS_MALLOC_COUNT, &now, &high, 0) != SQLITE_OK) return -1;
  return now;
}

int walvfs_register(const char *name) {
  if (unixVfs != 0) return SQLITE_OK;
  if (walvfs_check(walvfs_version()) != SQLITE_OK) return SQLITE_ERROR;
  unixVfs = sqlite3_vfs_find(0);
  if (unixVfs == 0 || strcmp(unixVfs->zName, "unix") != 0 ||
      unixVfs->iVersion < 3) {
    unixVfs = 0;
    return SQLITE_ERROR;
  }
  shimVfs = *unixVfs;
  shimVfs.pNext = 0;
  shimVfs.zName = name;
  shimVfs.szOsFile = (int)sizeof(ShimFile) + unixVfs->szOsFile;
  shimVfs.xOpen = shimOpen;

  shimMethods.iVersion = 3;
  shimMethods.xClose = shimClose;
  shimMethods.xRead = shimRead;
  shimMethods.xWrite = shimWrite;
  shimMethods.xTruncate = shimTruncate;
  shimMethods.xSync = shimSync;
  shimMethods.xFileSize = shimFileSize;
  shimMethods.xLock = shimLock;
  shimMethods.xUnlock = shimUnlock;
  shimMethods.xCheckReservedLock = shimCheckReservedLock;
  shimMethods.xFileControl = shimFileControl;
  shimMethods.xSectorSize = shimSectorSize;
  shimMethods.xDeviceCharacteristics = shimDeviceCharacteristics;
  shimMethods.xShmMap = shimShmMap;
  shimMethods.xShmLock = shimShmLock;
  shimMethods.xShmBarrier = shimShmBarrier;
  shimMethods.xShmUnmap = shimShmUnmap;
  shimMethods.xFetch = shimFetch;
  shimMethods.xUnfetch = shimUnfetch;
  return sqlite3_vfs_register(&shimVfs, 0);
}

void walvfs_counts_read(walvfs_counts *out) {
  out->writes = __atomic_load_n(&counts.writes, __ATOMIC_RELAXED);
  out->flushes = __atomic_load_n(&counts.flushes, __ATOMIC_RELAXED);
  out->datasyncs = __atomic_load_n(&counts.datasyncs, __ATOMIC_RELAXED);
  out->unixSyncs = __atomic_load_n(&counts.unixSyncs, __ATOMIC_RELAXED);
  out->walsOpened = __atomic_load_n(&counts.walsOpened, __ATOMIC_RELAXED);
  out->unverified = __atomic_load_n(&counts.unverified, __ATOMIC_RELAXED);
  out->barrierErrors = __atomic_load_n(&counts.barrierErrors, __ATOMIC_RELAXED);
  out->logSyncsBegun = __atomic_load_n(&counts.logSyncsBegun, __ATOMIC_SEQ_CST);
  out->logSyncsEnded = __atomic_load_n(&counts.logSyncsEnded, __ATOMIC_SEQ_CST);
  out->logSyncErrors = __atomic_load_n(&counts.logSyncErrors, __ATOMIC_RELAXED);
}
