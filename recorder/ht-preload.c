/* ht-preload.c: the LD_PRELOAD library that records heap events
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hooks the allocator functions of libc and writes heaptrack's raw text
 * stream (TRACE_FORMAT.md §3) to the file descriptor named by HT_OUTPUT_FD.
 * No GLib here, and nothing allocates through the hooked functions: our own
 * memory comes from mmap.
 *
 * Ordering: every event is written under one mutex. A free is written before
 * the real free runs, and realloc holds the mutex around the real call, so an
 * address can never be handed out again before its free is in the stream.
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
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libunwind.h>

#include "ht-preload.h"

#define HT_EXPORT __attribute__ ((visibility ("default")))
#define HT_TLS __attribute__ ((tls_model ("initial-exec")))

#ifndef HT_VERSION_CODE
#define HT_VERSION_CODE 0x100
#endif

#define MAX_FRAMES 64
#define OUT_BUFFER_SIZE (64 * 1024)
#define HIGH_FD 1000

/* the real functions */
static void *(*real_malloc) (size_t);
static void  (*real_free) (void *);
static void *(*real_calloc) (size_t, size_t);
static void *(*real_realloc) (void *, size_t);
static int   (*real_posix_memalign) (void **, size_t, size_t);
static void *(*real_aligned_alloc) (size_t, size_t);
static void *(*real_memalign) (size_t, size_t);
static void *(*real_valloc) (size_t);
static void *(*real_pvalloc) (size_t);
static void *(*real_reallocarray) (void *, size_t, size_t);
static void *(*real_dlopen) (const char *, int);
static int   (*real_dlclose) (void *);

/* bump allocator for calloc while dlsym runs */
static char bootstrap_buffer[4096] __attribute__ ((aligned (16)));
static size_t bootstrap_used;
static bool bootstrapping;

/* recorder state */
enum { STATE_OFF, STATE_ON };
static volatile int state = STATE_OFF;
static int out_fd = -1;
static bool out_is_socket = true;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *out_buffer;
static size_t out_used;
static volatile bool modules_dirty = true;
static struct timespec start_time;
static int statm_fd = -1;
static uintptr_t self_start, self_end;

static HT_TLS __thread int in_hook;
static bool handlers_registered;

/* ---- memory without malloc ---------------------------------------------- */

static void *
map_zeroed (size_t size)
{
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  return p == MAP_FAILED ? NULL : p;
}

/* ---- output -------------------------------------------------------------- */

static void
disable_output (void)
{
  state = STATE_OFF;
  out_used = 0;
}

static bool
write_all (const char *data,
           size_t      len)
{
  while (len > 0)
    {
      ssize_t n;

      if (out_is_socket)
        {
          n = send (out_fd, data, len, MSG_NOSIGNAL);
          if (n < 0 && errno == ENOTSOCK)
            {
              out_is_socket = false;
              continue;
            }
        }
      else
        {
          /* a pipe: keep SIGPIPE away from the program */
          sigset_t pipe_set, old_set, pending;
          bool was_pending;

          sigemptyset (&pipe_set);
          sigaddset (&pipe_set, SIGPIPE);
          pthread_sigmask (SIG_BLOCK, &pipe_set, &old_set);
          sigpending (&pending);
          was_pending = sigismember (&pending, SIGPIPE);
          n = write (out_fd, data, len);
          if (n < 0 && errno == EPIPE && !was_pending)
            {
              struct timespec zero = { 0, 0 };

              sigtimedwait (&pipe_set, NULL, &zero);
            }
          pthread_sigmask (SIG_SETMASK, &old_set, NULL);
        }
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return false;
        }
      data += n;
      len -= (size_t) n;
    }
  return true;
}

/* called with the lock held */
static void
flush_locked (void)
{
  if (out_used == 0 || out_fd < 0)
    return;
  if (!write_all (out_buffer, out_used))
    disable_output ();
  out_used = 0;
}

static void
put_bytes (const char *data,
           size_t      len)
{
  if (state != STATE_ON)
    return;
  if (out_used + len > OUT_BUFFER_SIZE)
    {
      flush_locked ();
      if (state != STATE_ON)
        return;
      if (len > OUT_BUFFER_SIZE)
        {
          if (!write_all (data, len))
            disable_output ();
          return;
        }
    }
  memcpy (out_buffer + out_used, data, len);
  out_used += len;
}

/* Formats one record: a type character then unsigned hex numbers. */
static void
put_record (char            type,
            int             n,
            const uint64_t *values)
{
  char line[8 + 3 * 17];
  size_t len = 0;

  line[len++] = type;
  for (int i = 0; i < n; i++)
    {
      char digits[16];
      int nd = 0;
      uint64_t v = values[i];

      line[len++] = ' ';
      do
        {
          digits[nd++] = "0123456789abcdef"[v & 0xf];
          v >>= 4;
        }
      while (v != 0);
      while (nd > 0)
        line[len++] = digits[--nd];
    }
  line[len++] = '\n';
  put_bytes (line, len);
}

static void
put1 (char type, uint64_t a)
{
  put_record (type, 1, &a);
}

static void
put2 (char type, uint64_t a, uint64_t b)
{
  uint64_t v[2] = { a, b };

  put_record (type, 2, v);
}

static void
put3 (char type, uint64_t a, uint64_t b, uint64_t c)
{
  uint64_t v[3] = { a, b, c };

  put_record (type, 3, v);
}

/* a small growable text buffer on mmap, for building lines outside the lock */
typedef struct
{
  char  *data;
  size_t len;
  size_t cap;
} TextBuf;

static bool
text_reserve (TextBuf *tb,
              size_t   extra)
{
  if (tb->len + extra <= tb->cap)
    return true;
  size_t cap = tb->cap ? tb->cap : 16384;
  while (cap < tb->len + extra)
    cap *= 2;
  char *p = map_zeroed (cap);
  if (p == NULL)
    return false;
  if (tb->data)
    {
      memcpy (p, tb->data, tb->len);
      munmap (tb->data, tb->cap);
    }
  tb->data = p;
  tb->cap = cap;
  return true;
}

static void
text_append (TextBuf    *tb,
             const char *s,
             size_t      len)
{
  if (!text_reserve (tb, len))
    return;
  memcpy (tb->data + tb->len, s, len);
  tb->len += len;
}

static void
text_hex (TextBuf  *tb,
          uint64_t  v)
{
  char digits[17];
  int nd = 0;
  char out[17];
  int n = 0;

  do
    {
      digits[nd++] = "0123456789abcdef"[v & 0xf];
      v >>= 4;
    }
  while (v != 0);
  while (nd > 0)
    out[n++] = digits[--nd];
  text_append (tb, out, n);
}

static void
text_sized (TextBuf    *tb,
            const char *s)
{
  size_t len = strlen (s);

  text_hex (tb, len);
  text_append (tb, " ", 1);
  text_append (tb, s, len);
}

static void
text_free (TextBuf *tb)
{
  if (tb->data)
    munmap (tb->data, tb->cap);
  tb->data = NULL;
  tb->len = tb->cap = 0;
}

/* ---- module map ---------------------------------------------------------- */

static int
module_cb (struct dl_phdr_info *info,
           size_t               size,
           void                *user_data)
{
  TextBuf *tb = user_data;
  const char *name = info->dlpi_name;

  if (name == NULL || name[0] == '\0')
    name = "x";
  text_append (tb, "m ", 2);
  text_sized (tb, name);
  text_append (tb, " ", 1);
  text_hex (tb, info->dlpi_addr);
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

      if (ph->p_type != PT_LOAD)
        continue;
      text_append (tb, " ", 1);
      text_hex (tb, ph->p_vaddr);
      text_append (tb, " ", 1);
      text_hex (tb, ph->p_memsz);
    }
  text_append (tb, "\n", 1);
  return 0;
}

/* Builds the module list outside our lock (dl_iterate_phdr takes the loader
 * lock, and a thread inside dlopen may be waiting for ours). */
static void
build_modules (TextBuf *tb)
{
  modules_dirty = false;
  text_append (tb, "m 1 -\n", 6);
  dl_iterate_phdr (module_cb, tb);
}

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
          self_start = start;
          self_end = start + ph->p_memsz;
          return 1;
        }
    }
  return 0;
}

/* ---- trace tree: (parent, ip) -> index, open addressing on mmap --------- */

typedef struct
{
  uint64_t ip;
  uint32_t parent;
  uint32_t index;  /* 0 = empty slot */
} TreeSlot;

static TreeSlot *tree_slots;
static size_t tree_capacity;  /* power of two */
static size_t tree_count;
static uint32_t tree_next = 1;

static inline size_t
tree_hash (uint64_t ip,
           uint32_t parent)
{
  uint64_t h = ip * 0x9e3779b97f4a7c15ull ^ ((uint64_t) parent * 0xc2b2ae3d27d4eb4full);

  return (size_t) (h ^ (h >> 29));
}

static bool
tree_grow (void)
{
  size_t cap = tree_capacity ? tree_capacity * 2 : 65536;
  TreeSlot *slots = map_zeroed (cap * sizeof (TreeSlot));

  if (slots == NULL)
    return false;
  for (size_t i = 0; i < tree_capacity; i++)
    {
      TreeSlot *s = &tree_slots[i];

      if (s->index == 0)
        continue;
      size_t j = tree_hash (s->ip, s->parent) & (cap - 1);
      while (slots[j].index != 0)
        j = (j + 1) & (cap - 1);
      slots[j] = *s;
    }
  if (tree_slots)
    munmap (tree_slots, tree_capacity * sizeof (TreeSlot));
  tree_slots = slots;
  tree_capacity = cap;
  return true;
}

/* Under the lock: the index of the child @ip of @parent, writing a `t` line
 * when it is new. */
static uint32_t
tree_child (uint32_t parent,
            uint64_t ip)
{
  if ((tree_count + 1) * 4 > tree_capacity * 3 && !tree_grow ())
    {
      disable_output ();
      return 0;
    }

  size_t j = tree_hash (ip, parent) & (tree_capacity - 1);
  while (tree_slots[j].index != 0)
    {
      if (tree_slots[j].ip == ip && tree_slots[j].parent == parent)
        return tree_slots[j].index;
      j = (j + 1) & (tree_capacity - 1);
    }
  tree_slots[j].ip = ip;
  tree_slots[j].parent = parent;
  tree_slots[j].index = tree_next++;
  tree_count++;
  put2 ('t', ip, parent);
  return tree_slots[j].index;
}

/* ---- stack capture ------------------------------------------------------- */

typedef struct
{
  void *frames[MAX_FRAMES];
  int   n;
} Stack;

static void
capture (Stack *stack)
{
  int n = unw_backtrace (stack->frames, MAX_FRAMES);
  int skip = 0;

  if (n < 0)
    n = 0;
  /* drop our own frames, whatever the compiler inlined */
  while (skip < n && (uintptr_t) stack->frames[skip] >= self_start
         && (uintptr_t) stack->frames[skip] < self_end)
    skip++;
  while (n > skip && stack->frames[n - 1] == NULL)
    n--;
  stack->n = n - skip;
  if (skip > 0)
    memmove (stack->frames, stack->frames + skip, stack->n * sizeof (void *));
}

/* Whole stacks seen lately, direct-mapped by a hash of their frames: a hit
 * costs one entry's memory instead of a trace-tree slot per frame. Trace
 * indices never change, so an entry stays right for as long as it stays. */
#define STACK_CACHE_SIZE 1024

typedef struct
{
  uint64_t hash;
  uint32_t index;  /* 0 = empty */
  int      n;
  void    *frames[MAX_FRAMES];
} StackCacheEntry;

static StackCacheEntry *stack_cache;
static bool stack_cache_tried;

static inline uint64_t
stack_hash (const Stack *stack)
{
  uint64_t h = (uint64_t) stack->n;

  for (int i = 0; i < stack->n; i++)
    h = (h ^ (uintptr_t) stack->frames[i]) * 0x100000001b3ull;
  return h ^ (h >> 32);
}

/* Under the lock: walk from the outermost frame to the leaf. */
static uint32_t
stack_to_trace (const Stack *stack)
{
  uint64_t hash = stack_hash (stack);
  StackCacheEntry *entry;
  uint32_t index = 0;

  if (!stack_cache_tried)
    {
      stack_cache = map_zeroed (STACK_CACHE_SIZE * sizeof (StackCacheEntry));
      stack_cache_tried = true;
    }
  entry = stack_cache ? &stack_cache[hash & (STACK_CACHE_SIZE - 1)] : NULL;
  if (entry != NULL && entry->index != 0 && entry->hash == hash && entry->n == stack->n
      && memcmp (entry->frames, stack->frames, stack->n * sizeof (void *)) == 0)
    return entry->index;

  for (int i = stack->n - 1; i >= 0; i--)
    {
      uintptr_t ip = (uintptr_t) stack->frames[i];

      if (ip == 0)
        continue;
      index = tree_child (index, ip - 1);
      if (state != STATE_ON)
        return 0;
    }

  if (entry != NULL && index != 0)
    {
      entry->hash = hash;
      entry->index = index;
      entry->n = stack->n;
      memcpy (entry->frames, stack->frames, stack->n * sizeof (void *));
    }
  return index;
}

/* ---- events -------------------------------------------------------------- */

static void
refresh_modules_if_needed (TextBuf *tb)
{
  if (modules_dirty)
    build_modules (tb);
}

static void
record_alloc (void        *ptr,
              size_t       size,
              const Stack *stack)
{
  TextBuf modules = { 0 };

  refresh_modules_if_needed (&modules);
  pthread_mutex_lock (&lock);
  if (state == STATE_ON)
    {
      if (modules.len)
        put_bytes (modules.data, modules.len);
      uint32_t trace = stack_to_trace (stack);
      put3 ('+', size, trace, (uintptr_t) ptr);
    }
  pthread_mutex_unlock (&lock);
  text_free (&modules);
}

static void
record_free_locked (void *ptr)
{
  if (state == STATE_ON && ptr != NULL)
    put1 ('-', (uintptr_t) ptr);
}

static void
write_timestamp_locked (void)
{
  struct timespec now;
  uint64_t ms;

  clock_gettime (CLOCK_MONOTONIC, &now);
  ms = (uint64_t) (now.tv_sec - start_time.tv_sec) * 1000
       + (uint64_t) (now.tv_nsec / 1000000) - (uint64_t) (start_time.tv_nsec / 1000000);
  put1 ('c', ms);

  if (statm_fd >= 0)
    {
      char buf[128];
      ssize_t n = pread (statm_fd, buf, sizeof buf - 1, 0);
      uint64_t pages = 0;
      const char *p;

      if (n <= 0)
        {
          statm_fd = -1;
          return;
        }
      buf[n] = '\0';
      p = strchr (buf, ' ');
      if (p == NULL)
        return;
      for (p++; *p >= '0' && *p <= '9'; p++)
        pages = pages * 10 + (uint64_t) (*p - '0');
      put1 ('R', pages);
    }
}

/* ---- initialisation ------------------------------------------------------ */

static void *
resolve (const char *name,
         bool        required)
{
  void *fn = dlsym (RTLD_NEXT, name);

  if (fn == NULL && required)
    {
      static const char msg[] = "heaptrack-gtk: could not find the real allocator function\n";

      if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
        _exit (125);
      abort ();
    }
  return fn;
}

static bool resolved;

/* Every allocation made while dlsym runs comes from the bootstrap buffer. */
static void
resolve_real_functions (void)
{
  if (resolved || bootstrapping)
    return;
  bootstrapping = true;
  real_calloc = resolve ("calloc", true);
  real_malloc = resolve ("malloc", true);
  real_free = resolve ("free", true);
  real_realloc = resolve ("realloc", true);
  real_posix_memalign = resolve ("posix_memalign", true);
  real_aligned_alloc = resolve ("aligned_alloc", false);
  real_memalign = resolve ("memalign", false);
  real_valloc = resolve ("valloc", false);
  real_pvalloc = resolve ("pvalloc", false);
  real_reallocarray = resolve ("reallocarray", false);
  real_dlopen = resolve ("dlopen", true);
  real_dlclose = resolve ("dlclose", true);
  bootstrapping = false;
  resolved = true;
}

static void
write_header_locked (void)
{
  char buf[4097];
  ssize_t n;
  int fd;

  put2 ('v', HT_VERSION_CODE, 3);

  n = readlink ("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0 && n < 1023)
    {
      TextBuf tb = { 0 };

      buf[n] = '\0';
      text_append (&tb, "x ", 2);
      text_sized (&tb, buf);
      text_append (&tb, "\n", 1);
      put_bytes (tb.data, tb.len);
      text_free (&tb);
    }

  fd = open ("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      n = read (fd, buf, sizeof buf - 1);
      close (fd);
      if (n > 0)
        {
          /* the X line ends at a newline: `python3 -c` scripts have some */
          for (ssize_t i = 0; i < n; i++)
            if (buf[i] == '\n')
              buf[i] = ' ';
          put_bytes ("X", 1);
          for (ssize_t i = 0; i < n; )
            {
              size_t len = strnlen (buf + i, n - i);

              put_bytes (" ", 1);
              put_bytes (buf + i, len);
              i += len + 1;
            }
          put_bytes ("\n", 1);
        }
    }

  put2 ('I', sysconf (_SC_PAGESIZE), sysconf (_SC_PHYS_PAGES));
}

static void *
timer_thread (void *data)
{
  in_hook = 1;
  for (;;)
    {
      struct timespec ten_ms = { 0, 10 * 1000 * 1000 };

      nanosleep (&ten_ms, NULL);
      pthread_mutex_lock (&lock);
      if (state != STATE_ON)
        {
          pthread_mutex_unlock (&lock);
          break;
        }
      write_timestamp_locked ();
      flush_locked ();
      pthread_mutex_unlock (&lock);
    }
  return NULL;
}

static void
at_exit (void)
{
  in_hook++;
  pthread_mutex_lock (&lock);
  if (state == STATE_ON)
    {
      write_timestamp_locked ();
      flush_locked ();
      state = STATE_OFF;
      close (out_fd);
      out_fd = -1;
    }
  pthread_mutex_unlock (&lock);
  in_hook--;
}

static void
fork_prepare (void)
{
  in_hook++;
  pthread_mutex_lock (&lock);
}

static void
fork_parent (void)
{
  pthread_mutex_unlock (&lock);
  in_hook--;
}

static void
fork_child (void)
{
  /* the child never writes into the parent's stream */
  pthread_mutex_init (&lock, NULL);
  state = STATE_OFF;
  out_used = 0;
  if (out_fd >= 0)
    close (out_fd);
  out_fd = -1;
  in_hook--;
}

/* One-time set-up of the recording machinery, then the stream's header. */
bool
ht_preload_start (int  fd,
                  bool attached)
{
  int high;
  sigset_t all, old;
  pthread_t thread;
  Dl_info self;
  bool ok = false;

  in_hook++;
  resolve_real_functions ();
  if (state == STATE_ON || fd < 0)
    goto out;

  high = fcntl (fd, F_DUPFD_CLOEXEC, HIGH_FD);
  if (high < 0)
    goto out;
  close (fd);
  out_fd = high;
  out_is_socket = true;

  if (out_buffer == NULL)
    out_buffer = map_zeroed (OUT_BUFFER_SIZE);
  if (out_buffer == NULL)
    goto out;
  out_used = 0;

  if (dladdr ((void *) ht_preload_start, &self) != 0)
    dl_iterate_phdr (self_range_cb, (void *) (uintptr_t) ht_preload_start);

  statm_fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (statm_fd >= 0)
    {
      int h = fcntl (statm_fd, F_DUPFD_CLOEXEC, HIGH_FD);

      if (h >= 0)
        {
          close (statm_fd);
          statm_fd = h;
        }
    }

  unw_set_caching_policy (unw_local_addr_space, UNW_CACHE_PER_THREAD);
  clock_gettime (CLOCK_MONOTONIC, &start_time);

  pthread_mutex_lock (&lock);
  state = STATE_ON;
  modules_dirty = true;
  write_header_locked ();
  if (attached)
    put_bytes ("A\n", 2);
  pthread_mutex_unlock (&lock);

  if (!handlers_registered)
    {
      pthread_atfork (fork_prepare, fork_parent, fork_child);
      atexit (at_exit);
      handlers_registered = true;
    }

  sigfillset (&all);
  if (pthread_sigmask (SIG_SETMASK, &all, &old) == 0)
    {
      if (pthread_create (&thread, NULL, timer_thread, NULL) == 0)
        pthread_detach (thread);
      pthread_sigmask (SIG_SETMASK, &old, NULL);
    }
  ok = true;

out:
  in_hook--;
  return ok;
}

void
ht_preload_stop (void)
{
  at_exit ();
}

__attribute__ ((constructor)) static void
ht_preload_init (void)
{
  const char *fd_text;
  char *end;
  long fd;

  in_hook++;
  resolve_real_functions ();

  fd_text = getenv ("HT_OUTPUT_FD");
  if (fd_text == NULL || *fd_text == '\0')
    goto out;
  errno = 0;
  fd = strtol (fd_text, &end, 10);
  /* exec'ed children are not traced */
  unsetenv ("HT_OUTPUT_FD");
  unsetenv ("LD_PRELOAD");
  if (errno != 0 || *end != '\0' || fd < 0 || fd > INT_MAX)
    goto out;
  ht_preload_start ((int) fd, false);

out:
  in_hook--;
}

/* ---- the hooks ----------------------------------------------------------- */

static inline bool
in_bootstrap_buffer (const void *ptr)
{
  return (const char *) ptr >= bootstrap_buffer
         && (const char *) ptr < bootstrap_buffer + sizeof bootstrap_buffer;
}

static void *
bootstrap_calloc (size_t n,
                  size_t size)
{
  size_t total;
  void *p;

  if (__builtin_mul_overflow (n, size, &total))
    return NULL;
  total = (total + 15) & ~(size_t) 15;
  if (bootstrap_used + total > sizeof bootstrap_buffer)
    {
      static const char msg[] = "heaptrack-gtk: bootstrap buffer exhausted\n";

      if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
        _exit (125);
      abort ();
    }
  p = bootstrap_buffer + bootstrap_used;
  bootstrap_used += total;
  return p;  /* static storage is already zeroed */
}

#define ENSURE_REAL() \
  do { if (__builtin_expect (!resolved, 0)) resolve_real_functions (); } while (0)

static inline bool
should_record (void)
{
  return state == STATE_ON && in_hook == 0;
}

HT_EXPORT void *
malloc (size_t size)
{
  void *ptr;

  if (bootstrapping)
    return bootstrap_calloc (1, size);
  ENSURE_REAL ();
  if (!should_record ())
    return real_malloc (size);

  Stack stack;
  in_hook++;
  ptr = real_malloc (size);
  if (ptr != NULL)
    {
      capture (&stack);
      record_alloc (ptr, size, &stack);
    }
  in_hook--;
  return ptr;
}

HT_EXPORT void
free (void *ptr)
{
  if (ptr == NULL || in_bootstrap_buffer (ptr))
    return;
  ENSURE_REAL ();
  if (!should_record ())
    {
      real_free (ptr);
      return;
    }
  in_hook++;
  pthread_mutex_lock (&lock);
  record_free_locked (ptr);
  pthread_mutex_unlock (&lock);
  real_free (ptr);
  in_hook--;
}

HT_EXPORT void *
calloc (size_t n,
        size_t size)
{
  void *ptr;

  if (bootstrapping)
    return bootstrap_calloc (n, size);
  ENSURE_REAL ();
  if (!should_record ())
    return real_calloc (n, size);

  Stack stack;
  in_hook++;
  ptr = real_calloc (n, size);
  if (ptr != NULL)
    {
      capture (&stack);
      record_alloc (ptr, n * size, &stack);
    }
  in_hook--;
  return ptr;
}

/* realloc, reallocarray: the lock is held around the real call so that the
 * old address cannot be reused by another thread before its `-` is written. */
static void *
do_realloc (void   *old,
            size_t  size,
            size_t  n,
            bool    array)
{
  TextBuf modules = { 0 };
  Stack stack;
  void *ptr;

  in_hook++;
  capture (&stack);
  refresh_modules_if_needed (&modules);
  pthread_mutex_lock (&lock);
  if (array)
    ptr = real_reallocarray (old, n, size);
  else
    ptr = real_realloc (old, size);
  if (state == STATE_ON)
    {
      if (ptr != NULL)
        {
          if (old != NULL)
            put1 ('-', (uintptr_t) old);
          if (modules.len)
            put_bytes (modules.data, modules.len);
          uint32_t trace = stack_to_trace (&stack);
          put3 ('+', array ? n * size : size, trace, (uintptr_t) ptr);
        }
      else if (old != NULL && (array ? n * size == 0 : size == 0))
        {
          /* realloc (p, 0) returned NULL: glibc freed p */
          put1 ('-', (uintptr_t) old);
        }
    }
  pthread_mutex_unlock (&lock);
  text_free (&modules);
  in_hook--;
  return ptr;
}

HT_EXPORT void *
realloc (void   *old,
         size_t  size)
{
  if (in_bootstrap_buffer (old))
    {
      void *ptr = malloc (size);

      size_t avail = bootstrap_buffer + sizeof bootstrap_buffer - (char *) old;

      if (ptr != NULL)
        memcpy (ptr, old, size < avail ? size : avail);
      return ptr;
    }
  ENSURE_REAL ();
  if (!should_record ())
    return real_realloc (old, size);
  return do_realloc (old, size, 1, false);
}

HT_EXPORT void *
reallocarray (void   *old,
              size_t  n,
              size_t  size)
{
  ENSURE_REAL ();
  if (real_reallocarray == NULL)
    {
      size_t total;

      if (__builtin_mul_overflow (n, size, &total))
        {
          errno = ENOMEM;
          return NULL;
        }
      return realloc (old, total);
    }
  if (!should_record ())
    return real_reallocarray (old, n, size);
  return do_realloc (old, size, n, true);
}

/* the aligned allocators: one helper, the real call is passed as a kind */
enum { K_POSIX_MEMALIGN, K_ALIGNED_ALLOC, K_MEMALIGN, K_VALLOC, K_PVALLOC };

static void *
aligned_call (int     kind,
              size_t  alignment,
              size_t  size,
              int    *ret)
{
  void *ptr = NULL;

  *ret = 0;
  switch (kind)
    {
    case K_POSIX_MEMALIGN:
      *ret = real_posix_memalign (&ptr, alignment, size);
      if (*ret != 0)
        ptr = NULL;
      break;
    case K_ALIGNED_ALLOC:
      ptr = real_aligned_alloc ? real_aligned_alloc (alignment, size) : NULL;
      break;
    case K_MEMALIGN:
      ptr = real_memalign ? real_memalign (alignment, size) : NULL;
      break;
    case K_VALLOC:
      ptr = real_valloc ? real_valloc (size) : NULL;
      break;
    case K_PVALLOC:
      ptr = real_pvalloc ? real_pvalloc (size) : NULL;
      break;
    default:
      break;
    }
  return ptr;
}

static void *
aligned_hook (int     kind,
              size_t  alignment,
              size_t  size,
              int    *ret)
{
  void *ptr;

  ENSURE_REAL ();
  if (!should_record ())
    return aligned_call (kind, alignment, size, ret);

  Stack stack;
  in_hook++;
  ptr = aligned_call (kind, alignment, size, ret);
  if (ptr != NULL)
    {
      capture (&stack);
      record_alloc (ptr, size, &stack);
    }
  in_hook--;
  return ptr;
}

HT_EXPORT int
posix_memalign (void   **out,
                size_t   alignment,
                size_t   size)
{
  int ret;
  void *ptr = aligned_hook (K_POSIX_MEMALIGN, alignment, size, &ret);

  if (ret == 0)
    *out = ptr;
  return ret;
}

HT_EXPORT void *
aligned_alloc (size_t alignment,
               size_t size)
{
  int ret;

  return aligned_hook (K_ALIGNED_ALLOC, alignment, size, &ret);
}

HT_EXPORT void *
memalign (size_t alignment,
          size_t size)
{
  int ret;

  return aligned_hook (K_MEMALIGN, alignment, size, &ret);
}

HT_EXPORT void *
valloc (size_t size)
{
  int ret;

  return aligned_hook (K_VALLOC, 0, size, &ret);
}

HT_EXPORT void *
pvalloc (size_t size)
{
  int ret;

  return aligned_hook (K_PVALLOC, 0, size, &ret);
}

HT_EXPORT void *
dlopen (const char *file,
        int         mode)
{
  void *handle;

  ENSURE_REAL ();
  handle = real_dlopen (file, mode);
  if (handle != NULL)
    modules_dirty = true;
  return handle;
}

HT_EXPORT int
dlclose (void *handle)
{
  int ret;

  ENSURE_REAL ();
  ret = real_dlclose (handle);
  if (ret == 0)
    modules_dirty = true;
  return ret;
}
