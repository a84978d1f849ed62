/* ht-preload-init.c: starting and stopping the recording
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happens once, or once a stream, rather than once an event: finding
 * the real functions, reading the environment (at our constructor or at
 * the first hook called before it), starting a stream (its descriptor, its
 * header, the module list, the clock and flush threads), ending it at exit,
 * and fork: a child stops recording, or starts a stream of its own when
 * following forks. ht_preload_start and ht_preload_stop (ht-preload.h),
 * which a runtime attach calls from ht-inject.c, are here too.
 */

#define _GNU_SOURCE
#define UNW_LOCAL_ONLY

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <libunwind.h>

#include "ht-preload.h"
#include "ht-preload-private.h"
#include "ht-stream.h"

#ifndef HT_VERSION_CODE
#define HT_VERSION_CODE 0x100
#endif

HtRealFunctions ht_real;
HtStartup ht_startup;

static bool resolved;
static bool handlers_registered;

/* The launcher's socket, where each program image the process execs (and
 * with --follow-fork each forked child) opens a stream of its own; and
 * the module list built before fork. */
static char follow_path[sizeof ((struct sockaddr_un *) 0)->sun_path];
static bool follow_forks;
static ByteBuf fork_modules;

/* ---- the real functions -------------------------------------------------- */

static void *
resolve (const char *name,
         bool        required)
{
  void *fn = dlsym (RTLD_NEXT, name);

  if (fn == NULL && required)
    {
      static const char msg[] = "heaptrack-gtk: could not find the real allocator function\n";

      if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
        syscall (SYS_exit_group, 125);
      syscall (SYS_exit_group, 125);
    }
  return fn;
}

/* Every allocation made while dlsym runs comes from the bootstrap buffer. */
static void
resolve_real_functions (void)
{
  if (resolved || ht_startup.bootstrapping)
    return;
  ht_startup.bootstrapping = true;
  ht_real.calloc = resolve ("calloc", true);
  ht_real.malloc = resolve ("malloc", true);
  ht_real.free = resolve ("free", true);
  ht_real.realloc = resolve ("realloc", true);
  ht_real.posix_memalign = resolve ("posix_memalign", true);
  ht_real.aligned_alloc = resolve ("aligned_alloc", false);
  ht_real.memalign = resolve ("memalign", false);
  ht_real.valloc = resolve ("valloc", false);
  ht_real.pvalloc = resolve ("pvalloc", false);
  ht_real.reallocarray = resolve ("reallocarray", false);
  ht_real.dlopen = resolve ("dlopen", true);
  ht_real.dlclose = resolve ("dlclose", true);
  ht_real.close = resolve ("close", true);
  ht_real.close_range = resolve ("close_range", false);
  ht_real.dup2 = resolve ("dup2", true);
  ht_real.dup3 = resolve ("dup3", false);
  ht_real.execve = resolve ("execve", true);
  ht_real.execvpe = resolve ("execvpe", false);
  ht_real._exit = resolve ("_exit", true);
  ht_real.abort = resolve ("abort", true);
  ht_startup.bootstrapping = false;
  resolved = true;
}

/* ---- timestamps ---------------------------------------------------------- */

uint64_t
_ht_elapsed_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (uint64_t) (now.tv_sec - ht_stream.start_time.tv_sec) * 1000
         + (uint64_t) (now.tv_nsec / 1000000)
         - (uint64_t) (ht_stream.start_time.tv_nsec / 1000000);
}

/* resident pages + 1, 0 when unknown */
uint64_t
_ht_resident_pages (void)
{
  char buf[128];
  ssize_t n;
  uint64_t pages = 0;
  const char *p;

  if (ht_stream.statm_fd < 0)
    return 0;
  n = pread (ht_stream.statm_fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  p = strchr (buf, ' ');
  if (p == NULL)
    return 0;
  for (p++; *p >= '0' && *p <= '9'; p++)
    pages = pages * 10 + (uint64_t) (*p - '0');
  return pages + 1;
}

/* ---- the stream ---------------------------------------------------------- */

/* magic and HT_MSG_HEADER, before anything else */
static bool
write_header (bool attached)
{
  unsigned char msg[HT_STREAM_MAGIC_LEN + 1 + 7 * HT_VARINT_MAX + 2 * 4096], *p = msg;
  char exe[1024], cmdline[4096];
  ssize_t exe_len, cmd_len = 0;
  int fd;
  bool ok;

  exe_len = readlink ("/proc/self/exe", exe, sizeof exe);
  /* heaptrack leaves the path out from 1023 bytes on */
  if (exe_len < 0 || exe_len >= 1023)
    exe_len = 0;
  fd = open ("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      cmd_len = read (fd, cmdline, sizeof cmdline);
      if (cmd_len < 0)
        cmd_len = 0;
      ht_real.close (fd);
    }

  memcpy (p, HT_STREAM_MAGIC, HT_STREAM_MAGIC_LEN);
  p += HT_STREAM_MAGIC_LEN;
  *p++ = HT_MSG_HEADER;
  p = put_u (p, HT_VERSION_CODE);
  p = put_u (p, (uint64_t) getpid ());
  p = put_u (p, (uint64_t) sysconf (_SC_PAGESIZE));
  p = put_u (p, (uint64_t) sysconf (_SC_PHYS_PAGES));
  p = put_u (p, attached);
  p = put_u (p, (uint64_t) exe_len);
  memcpy (p, exe, exe_len);
  p += exe_len;
  p = put_u (p, (uint64_t) cmd_len);
  memcpy (p, cmdline, cmd_len);
  p += cmd_len;

  pthread_mutex_lock (&ht_stream.write_lock);
  ok = _ht_write_all (msg, p - msg);
  pthread_mutex_unlock (&ht_stream.write_lock);
  return ok;
}

/* Sleeps until @deadline, then moves it on by 10 ms, past now if the
 * thread fell behind: the next tick keeps the phase and none come in a
 * burst. */
static void
sleep_until_tick (struct timespec *deadline)
{
  struct timespec now;

  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL) == EINTR)
    ;
  clock_gettime (CLOCK_MONOTONIC, &now);
  do
    {
      deadline->tv_nsec += 10 * 1000 * 1000;
      if (deadline->tv_nsec >= 1000 * 1000 * 1000)
        {
          deadline->tv_nsec -= 1000 * 1000 * 1000;
          deadline->tv_sec++;
        }
    }
  while (deadline->tv_sec < now.tv_sec
         || (deadline->tv_sec == now.tv_sec && deadline->tv_nsec <= now.tv_nsec));
}

/* Every 10 ms a timestamp and the RSS, an event in this thread's buffer
 * and so in the event order. It never waits for the program's threads
 * (nor for a full socket, but when its buffer is being flushed): with more
 * busy threads than cores a flush waits for writers preempted mid-call,
 * and timestamps written by the flusher came every 20 to 60 ms. */
static void *
clock_thread (void *data)
{
  struct timespec deadline;
  ThreadBuf *tb;

  ht_thread.in_hook = 1;
  tb = thread_buf ();
  if (tb == NULL)
    return NULL;
  clock_gettime (CLOCK_MONOTONIC, &deadline);
  for (;;)
    {
      uint64_t rss, seq;

      sleep_until_tick (&deadline);
      if (!atomic_load (&ht_stream.recording))
        break;
      rss = _ht_resident_pages ();
      seq = hold (tb);
      if (atomic_load (&ht_stream.recording))
        {
          unsigned char *p = reserve (tb, 1 + 3 * HT_VARINT_MAX);

          *p++ = HT_REC_MARK;
          p = put_z (p, tb->prev_seq, seq);
          tb->prev_seq = seq;
          p = put_u (p, _ht_elapsed_ms ());
          p = put_u (p, rss);
          commit (tb, p);
        }
      unhold (tb);
    }
  return NULL;
}

/* Every 10 ms every thread's buffer goes out, then a watermark: what a
 * killed program loses, and how long the symbolizer holds events back. */
static void *
flush_thread (void *data)
{
  struct timespec deadline;

  ht_thread.in_hook = 1;
  clock_gettime (CLOCK_MONOTONIC, &deadline);
  for (;;)
    {
      sleep_until_tick (&deadline);
      if (!atomic_load (&ht_stream.recording))
        break;
      _ht_flush_all (HT_MSG_WATERMARK, false);
    }
  return NULL;
}

static void
start_timers (void)
{
  sigset_t all, old;
  pthread_t thread;

  /* the program's signals never land on our threads */
  sigfillset (&all);
  if (pthread_sigmask (SIG_SETMASK, &all, &old) == 0)
    {
      if (pthread_create (&thread, NULL, clock_thread, NULL) == 0)
        pthread_detach (thread);
      if (pthread_create (&thread, NULL, flush_thread, NULL) == 0)
        pthread_detach (thread);
      pthread_sigmask (SIG_SETMASK, &old, NULL);
    }
}

static void
at_exit (void)
{
  /* exit () from a signal handler that interrupted one of our hooks: this
   * thread may hold our locks, so _ht_flush_all only tries them */
  ht_thread.flushing_in_hook = ht_thread.in_hook > 0;
  ht_thread.in_hook++;
  if (atomic_load (&ht_stream.recording))
    {
      _ht_flush_all (HT_MSG_END, true);
      stop_output ();
      if (!ht_thread.flushing_in_hook)
        {
          pthread_mutex_lock (&ht_stream.write_lock);
          ht_real.close (ht_stream.fd);
          ht_stream.fd = -1;
          pthread_mutex_unlock (&ht_stream.write_lock);
        }
    }
  ht_thread.in_hook--;
  ht_thread.flushing_in_hook = false;
}

/* Moves @fd to a number at or above HIGH_FD, close-on-exec. */
static int
move_high (int fd)
{
  int high = fcntl (fd, F_DUPFD_CLOEXEC, HIGH_FD);

  if (high < 0)
    return -1;
  ht_real.close (fd);
  return high;
}

/* The common part of starting on a new stream: @fd is ours, the header is
 * not written yet. Every stack id is forgotten, numbers restart at 1. */
static bool
begin_stream (int  fd,
              bool attached)
{
  ht_stream.fd = fd;
  ht_stream.is_socket = true;
  atomic_store (&ht_seq.next, 1);
  _ht_reset_stacks ();
  clock_gettime (CLOCK_MONOTONIC, &ht_stream.start_time);
  if (ht_buffers.orphan == NULL)
    ht_buffers.orphan = _ht_new_thread_buf ();
  pthread_mutex_lock (&ht_buffers.list_lock);
  for (ThreadBuf *tb = ht_buffers.threads; tb != NULL; tb = tb->next)
    {
      tb->used = 0;
      tb->prev_seq = 0;
      tb->prev_ptr = 0;
    }
  pthread_mutex_unlock (&ht_buffers.list_lock);
  if (ht_buffers.orphan == NULL || !write_header (attached))
    return false;
  atomic_store (&ht_stream.recording, true);
  return true;
}

static int
open_statm (void)
{
  int fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);

  return fd >= 0 ? move_high (fd) : -1;
}

static int
connect_follow_socket (void)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;

  memcpy (addr.sun_path, follow_path, sizeof addr.sun_path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      ht_real.close (fd);
      return -1;
    }
  return move_high (fd);
}

/* ---- fork ---------------------------------------------------------------- */

static void
fork_prepare (void)
{
  ht_thread.in_hook++;
  if (follow_forks && atomic_load (&ht_stream.recording))
    {
      /* the child cannot call dl_iterate_phdr safely: build its list now */
      _ht_build_modules (&fork_modules);
    }
}

static void
fork_parent (void)
{
  _ht_bytes_free (&fork_modules);
  ht_thread.in_hook--;
}

static void
fork_child (void)
{
  bool was_recording = atomic_load (&ht_stream.recording);
  int fd;

  /* the parent's buffered events and open stream stay the parent's */
  stop_output ();
  if (ht_stream.fd >= 0)
    ht_real.close (ht_stream.fd);
  ht_stream.fd = -1;
  if (!was_recording || !follow_forks)
    {
      if (ht_stream.statm_fd >= 0)
        ht_real.close (ht_stream.statm_fd);
      ht_stream.statm_fd = -1;
      goto out;
    }

  /* only this thread lives on: every lock is free, every other buffer goes */
  pthread_mutex_init (&ht_buffers.list_lock, NULL);
  pthread_mutex_init (&ht_stream.write_lock, NULL);
  pthread_mutex_init (&ht_stacks.table_lock, NULL);
  atomic_init (&ht_buffers.orphan_writers.state, 0);
  {
    ThreadBuf *keep = ht_thread.my_buf, *tb = ht_buffers.threads;

    ht_buffers.threads = NULL;
    while (tb != NULL)
      {
        ThreadBuf *next = tb->next;

        if (tb == keep || tb == ht_buffers.orphan)
          {
            atomic_init (&tb->busy, 0);
            atomic_init (&tb->flushing, 0);
            tb->next = ht_buffers.threads;
            ht_buffers.threads = tb;
          }
        else
          munmap (tb, sizeof (ThreadBuf));
        tb = next;
      }
  }
  /* the inherited descriptor reads the parent's statm */
  if (ht_stream.statm_fd >= 0)
    ht_real.close (ht_stream.statm_fd);
  ht_stream.statm_fd = open_statm ();
  fd = connect_follow_socket ();
  if (fd < 0 || !begin_stream (fd, false))
    {
      stop_output ();
      goto out;
    }
  _ht_emit_modules (thread_buf (), &fork_modules);
  start_timers ();

out:
  _ht_bytes_free (&fork_modules);
  ht_thread.in_hook--;
}

/* ---- start and stop ------------------------------------------------------ */

/* finds our own code, whose frames capture drops */
static int
self_range_cb (struct dl_phdr_info *info,
               size_t               size,
               void                *user_data)
{
  uintptr_t probe = (uintptr_t) user_data;

  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
      uintptr_t start = info->dlpi_addr + ph->p_vaddr;

      if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)
          && probe >= start && probe < start + ph->p_memsz)
        {
          ht_stacks.self_start = start;
          ht_stacks.self_end = start + ph->p_memsz;
          return 1;
        }
    }
  return 0;
}

/* One-time set-up of the recording machinery, then the stream's header. */
bool
ht_preload_start (int  fd,
                  bool attached)
{
  Dl_info self;
  bool ok = false;

  ht_thread.in_hook++;
  resolve_real_functions ();
  if (atomic_load (&ht_stream.recording) || fd < 0)
    goto out;

  fd = move_high (fd);
  if (fd < 0)
    goto out;

  if (dladdr ((void *) ht_preload_start, &self) != 0)
    dl_iterate_phdr (self_range_cb, (void *) (uintptr_t) ht_preload_start);

  if (ht_stream.statm_fd < 0)
    ht_stream.statm_fd = open_statm ();

  unw_set_caching_policy (unw_local_addr_space, UNW_CACHE_PER_THREAD);

  if (!handlers_registered)
    {
      pthread_key_create (&ht_buffers.thread_key, _ht_thread_end);
      pthread_atfork (fork_prepare, fork_parent, fork_child);
      atexit (at_exit);
      handlers_registered = true;
    }

  if (!begin_stream (fd, attached))
    {
      stop_output ();
      ht_real.close (fd);
      ht_stream.fd = -1;
      goto out;
    }
  _ht_record_modules ();
  start_timers ();
  ok = true;

out:
  ht_thread.in_hook--;
  return ok;
}

void
ht_preload_stop (void)
{
  at_exit ();
}

/* Recording starts at our constructor or at the first call into a hook,
 * whichever comes first: the constructors of libraries initialised before
 * ours allocate too (libstdc++'s emergency exception pool, for one). */
static void
start_from_env (void)
{
  const char *fd_text, *follow, *only_pid;
  bool followed;
  char *end;
  long fd = -1;

  ht_thread.in_hook++;
  /* the real functions first: once env_read is set, hooks use them */
  resolve_real_functions ();
  if (atomic_exchange (&ht_startup.env_read, true))
    {
      ht_thread.in_hook--;
      return;
    }

  follow = getenv ("HT_FOLLOW_FORK_SOCKET");
  if (follow != NULL && strlen (follow) < sizeof follow_path)
    strcpy (follow_path, follow);
  /* without --follow-fork, only the images of the process the launcher
   * started, as it execs one program after the other (a wrapper script,
   * env, nice...), have their streams */
  only_pid = getenv ("HT_FOLLOW_PID");
  follow_forks = follow_path[0] != '\0' && only_pid == NULL;
  followed = follow_path[0] != '\0' && (follow_forks || atol (only_pid) == (long) getpid ());

  /* FD, or FD:INODE from the launcher: a shell keeps the variable in the
   * environment of what it execs (bash passes on the environment it got,
   * whatever we unset), where FD is no longer our stream */
  fd_text = getenv ("HT_OUTPUT_FD");
  if (fd_text != NULL && *fd_text != '\0')
    {
      errno = 0;
      fd = strtol (fd_text, &end, 10);
      if (errno != 0 || (*end != '\0' && *end != ':') || fd < 0 || fd > INT_MAX)
        fd = -1;
      else if (*end == ':')
        {
          unsigned long long inode = strtoull (end + 1, NULL, 10);
          struct stat st;

          if (fstat ((int) fd, &st) != 0 || !S_ISSOCK (st.st_mode) || st.st_ino != inode)
            fd = -1;
        }
    }
  /* an exec'ed image opens a connection of its own; a process we do not
   * record leaves us out of the programs it starts */
  unsetenv ("HT_OUTPUT_FD");
  if (!followed)
    {
      follow_path[0] = '\0';
      unsetenv ("LD_PRELOAD");
      unsetenv ("HT_FOLLOW_FORK_SOCKET");
      unsetenv ("HT_FOLLOW_PID");
    }

  if (fd >= 0)
    ht_preload_start ((int) fd, false);
  else if (followed)
    {
      int sock = connect_follow_socket ();

      if (sock >= 0)
        ht_preload_start (sock, false);
    }

  ht_thread.in_hook--;
}

__attribute__ ((constructor)) static void
ht_preload_init (void)
{
  start_from_env ();
}

/* A hook's way in while the environment is unread (ENSURE_REAL): before
 * our constructor, or while dlsym runs. */
void
_ht_first_call (void)
{
  if (!resolved)
    resolve_real_functions ();
  /* not from inside our own work, nor while dlsym runs */
  if (!ht_startup.bootstrapping && ht_thread.in_hook == 0)
    start_from_env ();
}
