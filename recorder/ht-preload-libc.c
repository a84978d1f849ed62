/* ht-preload-libc.c: the libc functions we wrap besides the allocator's
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calls with which the program could spoil its own recording, passed on
 * to libc with what each needs from us: dlopen and dlclose record the new
 * module list before they return; close, close_range, closefrom, dup2 and
 * dup3 leave our descriptors alone; _exit, _Exit, abort and the exec
 * family, which leave without the exit handlers, send what the buffers
 * hold first.
 */

#define _GNU_SOURCE
#define UNW_LOCAL_ONLY

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <libunwind.h>

#include "ht-preload-private.h"
#include "ht-stream.h"
#include "ht-unwind.h"

/* ---- the loader ---------------------------------------------------------- */

/* The module list is an event in seq order, written before dlopen returns,
 * so before the program can call into the new code. */
HT_EXPORT void *
dlopen (const char *file,
        int         mode)
{
  void *handle;

  ENSURE_REAL ();
  handle = ht_real.dlopen (file, mode);
  if (handle != NULL)
    ht_unwind_invalidate ();
  if (handle != NULL && should_record ())
    {
      ht_thread.in_hook++;
      _ht_record_modules ();
      ht_thread.in_hook--;
    }
  return handle;
}

/* After a dlclose another library may come at the same addresses: a new
 * epoch gives the stacks seen from now on new ids, which the symbolizer
 * resolves against the new module list. */
HT_EXPORT int
dlclose (void *handle)
{
  int ret;

  ENSURE_REAL ();
  ret = ht_real.dlclose (handle);
  if (ret == 0)
    {
      /* nothing learnt about an unloaded module may be used again */
      ht_unwind_invalidate ();
      unw_flush_cache (unw_local_addr_space, 0, 0);
    }
  if (ret == 0 && should_record ())
    {
      ht_thread.in_hook++;
      atomic_fetch_add (&ht_stacks.epoch, 1);
      _ht_record_modules ();
      ht_thread.in_hook--;
    }
  return ret;
}

/* ---- our file descriptors survive the program ---------------------------- */

static inline bool
is_our_fd (int fd)
{
  return fd >= 0 && (fd == ht_stream.fd || fd == ht_stream.statm_fd);
}

HT_EXPORT int
close (int fd)
{
  ENSURE_REAL ();
  /* a program closing every descriptor must not end the recording */
  if (is_our_fd (fd))
    return 0;
  return ht_real.close (fd);
}

static int
raw_close_range (unsigned int first,
                 unsigned int last,
                 int          flags)
{
  if (ht_real.close_range != NULL)
    return ht_real.close_range (first, last, flags);
  return (int) syscall (SYS_close_range, first, last, flags);
}

/* Closes [first, last] but our descriptors, in up to three pieces. */
HT_EXPORT int
close_range (unsigned int first,
             unsigned int last,
             int          flags)
{
  int ours[2] = { ht_stream.fd, ht_stream.statm_fd };
  unsigned int from = first;
  int ret = 0;

  ENSURE_REAL ();
  if (ours[0] > ours[1])
    {
      int t = ours[0];

      ours[0] = ours[1];
      ours[1] = t;
    }
  for (int i = 0; i < 2; i++)
    {
      if (ours[i] < 0 || (unsigned int) ours[i] < from || (unsigned int) ours[i] > last)
        continue;
      if ((unsigned int) ours[i] > from && raw_close_range (from, ours[i] - 1, flags) != 0)
        ret = -1;
      from = ours[i] + 1;
      if (from == 0)  /* wrapped past UINT_MAX */
        return ret;
    }
  if (from <= last && raw_close_range (from, last, flags) != 0)
    ret = -1;
  return ret;
}

HT_EXPORT void
closefrom (int lowfd)
{
  if (lowfd < 0)
    lowfd = 0;
  close_range ((unsigned int) lowfd, ~0u, 0);
}

/* A dup onto one of ours: ours moves away first. */
static void
move_ours_away (int target)
{
  if (!is_our_fd (target))
    return;
  pthread_mutex_lock (&ht_stream.write_lock);
  if (target == ht_stream.fd)
    {
      int fd = fcntl (ht_stream.fd, F_DUPFD_CLOEXEC, HIGH_FD);

      ht_stream.fd = fd;
      if (fd < 0)
        stop_output ();
    }
  else if (target == ht_stream.statm_fd)
    ht_stream.statm_fd = fcntl (ht_stream.statm_fd, F_DUPFD_CLOEXEC, HIGH_FD);
  pthread_mutex_unlock (&ht_stream.write_lock);
}

HT_EXPORT int
dup2 (int oldfd,
      int newfd)
{
  ENSURE_REAL ();
  if (oldfd != newfd)
    move_ours_away (newfd);
  return ht_real.dup2 (oldfd, newfd);
}

HT_EXPORT int
dup3 (int oldfd,
      int newfd,
      int flags)
{
  ENSURE_REAL ();
  if (oldfd != newfd)
    move_ours_away (newfd);
  if (ht_real.dup3 == NULL)
    return (int) syscall (SYS_dup3, oldfd, newfd, flags);
  return ht_real.dup3 (oldfd, newfd, flags);
}

/* ---- leaving without exit handlers --------------------------------------- */

/* Before the program leaves without exit handlers (_exit, exec, abort):
 * what the buffers hold goes out now. */
static void
flush_before_leaving (bool final)
{
  if (!atomic_load (&ht_stream.recording))
    return;
  /* inside a hook (abort from a corrupted heap in realloc) this thread
   * may hold our locks */
  ht_thread.flushing_in_hook = ht_thread.in_hook > 0;
  ht_thread.in_hook++;
  _ht_flush_all (HT_MSG_TICK, final);
  ht_thread.in_hook--;
  ht_thread.flushing_in_hook = false;
}

HT_EXPORT void
_exit (int status)
{
  ENSURE_REAL ();
  flush_before_leaving (true);
  ht_real._exit (status);
}

HT_EXPORT void
_Exit (int status)
{
  _exit (status);
}

HT_EXPORT void
abort (void)
{
  ENSURE_REAL ();
  flush_before_leaving (true);
  ht_real.abort ();
}

HT_EXPORT int
execve (const char   *path,
        char * const  argv[],
        char * const  envp[])
{
  ENSURE_REAL ();
  flush_before_leaving (false);
  return ht_real.execve (path, argv, envp);
}

HT_EXPORT int
execv (const char   *path,
       char * const  argv[])
{
  return execve (path, argv, environ);
}

HT_EXPORT int
execvpe (const char   *file,
         char * const  argv[],
         char * const  envp[])
{
  ENSURE_REAL ();
  flush_before_leaving (false);
  if (ht_real.execvpe == NULL)
    return ht_real.execve (file, argv, envp);
  return ht_real.execvpe (file, argv, envp);
}

HT_EXPORT int
execvp (const char   *file,
        char * const  argv[])
{
  return execvpe (file, argv, environ);
}

/* the execl family: at most 4096 arguments, as the kernel's usual limit
 * keeps far larger lists rare */
#define MAX_EXEC_ARGS 4096

static int
collect_args (const char  *arg0,
              va_list      ap,
              char       **argv)
{
  int n = 0;

  argv[n++] = (char *) arg0;
  while (argv[n - 1] != NULL)
    {
      if (n == MAX_EXEC_ARGS)
        {
          errno = E2BIG;
          return -1;
        }
      argv[n++] = va_arg (ap, char *);
    }
  return n;
}

HT_EXPORT int
execl (const char *path,
       const char *arg,
       ...)
{
  char *argv[MAX_EXEC_ARGS];
  va_list ap;
  int n;

  va_start (ap, arg);
  n = collect_args (arg, ap, argv);
  va_end (ap);
  return n < 0 ? -1 : execve (path, argv, environ);
}

HT_EXPORT int
execlp (const char *file,
        const char *arg,
        ...)
{
  char *argv[MAX_EXEC_ARGS];
  va_list ap;
  int n;

  va_start (ap, arg);
  n = collect_args (arg, ap, argv);
  va_end (ap);
  return n < 0 ? -1 : execvpe (file, argv, environ);
}

HT_EXPORT int
execle (const char *path,
        const char *arg,
        ...)
{
  char *argv[MAX_EXEC_ARGS];
  char **envp;
  va_list ap;
  int n;

  va_start (ap, arg);
  n = collect_args (arg, ap, argv);
  envp = n < 0 ? NULL : va_arg (ap, char **);
  va_end (ap);
  return n < 0 ? -1 : execve (path, argv, envp);
}
