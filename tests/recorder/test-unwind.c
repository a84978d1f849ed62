/* test-unwind.c: ht_unwind_backtrace against libunwind's unw_backtrace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At the bottom of stacks of many shapes (see unwind-helpers.h), one probe
 * function calls unw_backtrace, ht_unwind_backtrace and
 * ht_unwind_backtrace_fast one after the other. Their frame 0 differs (three
 * call sites), every other frame and the depth must be the same; the fast
 * variant must have managed on its own where the frames are ordinary, and
 * given up (-1) where they are not. ht_unwind_backtrace_from, given where
 * the probe was called from, must give libunwind's frames from frame 1 on,
 * as the fast variant does.
 */

#define _GNU_SOURCE
#define UNW_LOCAL_ONLY

#include <dlfcn.h>
#include <glib.h>
#include <libunwind.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "ht-unwind.h"
#include "unwind-helpers.h"

#define N_FRAMES HT_UNWIND_MAX_FRAMES

typedef struct
{
  int   max;
  void *lib[N_FRAMES];
  int   n_lib;
  void *ours[N_FRAMES];
  int   n_ours;
  void *fast[N_FRAMES];
  int   n_fast;
  void *from[N_FRAMES];
  int   n_from;
} Capture;

static __attribute__ ((noinline)) void
capture_all (Capture *c)
{
  c->n_lib = unw_backtrace (c->lib, c->max);
  c->n_ours = ht_unwind_backtrace (c->ours, c->max);
  c->n_fast = ht_unwind_backtrace_fast (c->fast, c->max);
  {
    /* as the preload library's hooks find their caller: from the frame
     * pointer, which __builtin_frame_address makes this function keep */
    const uintptr_t *fp = __builtin_frame_address (0);

    c->n_from = ht_unwind_backtrace_from (fp[1], (uintptr_t) (fp + 2), fp[0], c->from, c->max);
  }
  __asm__ volatile ("" ::: "memory");
}

static void
probe_capture (Walk *w)
{
  capture_all (w->data);
}

/* the target of the call instruction that ends right before `ret` */
static uintptr_t
call_target (void *ret)
{
  const uint8_t *after = ret;
  int32_t rel;

  if (after[-5] != 0xe8)
    return 0;
  memcpy (&rel, after - 4, sizeof rel);
  return (uintptr_t) after + rel;
}

enum { EXPECT_FAST, EXPECT_FALLBACK };

static void
check_capture (const Capture *c,
               int            expect,
               const char    *what)
{
  g_assert_cmpint (c->n_lib, >, 0);
  if (c->n_ours != c->n_lib)
    g_error ("%s: %d frames from libunwind, %d from ht_unwind_backtrace", what,
             c->n_lib, c->n_ours);
  /* frame 0: right after each call in capture_all */
  g_assert_true (call_target (c->ours[0]) == (uintptr_t) ht_unwind_backtrace);
  g_assert_cmphex (call_target (c->lib[0]), !=, 0);
  g_assert_cmphex ((uintptr_t) c->lib[0], <, (uintptr_t) c->ours[0]);
  for (int i = 1; i < c->n_lib; i++)
    if (c->ours[i] != c->lib[i])
      g_error ("%s: frame %d of %d is %p, libunwind says %p", what, i, c->n_lib,
               c->ours[i], c->lib[i]);

  if (expect == EXPECT_FALLBACK)
    {
      if (c->n_fast != -1)
        g_error ("%s: the fast path went through (%d frames)", what, c->n_fast);
      if (c->n_from != -1)
        g_error ("%s: the walk from the caller went through (%d frames)", what, c->n_from);
      return;
    }
  /* one frame fewer, from frame 1 on; or, where libunwind stopped at max,
   * up to max frames of the deeper stack */
  if (c->n_lib < c->max ? c->n_from != c->n_lib - 1
                        : c->n_from < c->n_lib - 1 || c->n_from > c->max)
    g_error ("%s: the walk from the caller gave %d frames, libunwind %d (max %d)", what,
             c->n_from, c->n_lib, c->max);
  for (int i = 1; i < c->n_lib; i++)
    if (c->from[i - 1] != c->lib[i])
      g_error ("%s: frame %d from the caller is %p, libunwind's frame %d %p", what, i - 1,
               c->from[i - 1], i, c->lib[i]);
  if (c->n_fast != c->n_lib)
    g_error ("%s: the fast path gave %d frames, libunwind %d", what, c->n_fast, c->n_lib);
  g_assert_true (call_target (c->fast[0]) == (uintptr_t) ht_unwind_backtrace_fast);
  for (int i = 1; i < c->n_lib; i++)
    if (c->fast[i] != c->lib[i])
      g_error ("%s: fast frame %d is %p, libunwind says %p", what, i, c->fast[i], c->lib[i]);
}

/* Runs a chain of `depth` frames and checks the capture at its bottom. */
static void
check_chain (const WalkStep *steps,
             int             n_steps,
             int             depth,
             int             max,
             int             expect,
             const char     *what)
{
  Capture *c = g_new0 (Capture, 1);
  Walk w = { steps, n_steps, probe_capture, c };
  g_autofree char *name = g_strdup_printf ("%s, depth %d, max %d", what, depth, max);

  c->max = max;
  walk_next (&w, depth);
  check_capture (c, expect, name);
  g_free (c);
}

static const WalkStep fp_small[] = { unwind_fp_small };
static const WalkStep nofp_small[] = { unwind_nofp_small };
static const WalkStep mixed[] = { unwind_fp_small, unwind_nofp_big, unwind_fp_big, unwind_nofp_small };
static const WalkStep variable[] = { unwind_fp_vla, unwind_nofp_vla, unwind_nofp_alloca, unwind_nofp_small };
static const WalkStep huge[] = { unwind_nofp_huge, unwind_fp_small, unwind_nofp_small };
static const WalkStep with_shlib[] = { unwind_shlib_step, unwind_nofp_small, unwind_shlib_step, unwind_fp_vla };

static void
test_frame_zero (void)
{
  /* the probe straight from here: the smallest stack this test has */
  Capture *c = g_new0 (Capture, 1);

  c->max = N_FRAMES;
  capture_all (c);
  check_capture (c, EXPECT_FAST, "no walk");
  /* the stack ends where libunwind's does: in _start, past main */
  g_assert_cmpint (c->n_lib, <, 12);
  g_free (c);
}

static void
test_recursion (void)
{
  static const struct
  {
    const WalkStep *steps;
    int             n_steps;
    int             max_depth;
    const char     *what;
  } chains[] = {
    { fp_small, G_N_ELEMENTS (fp_small), 120, "frame pointers" },
    { nofp_small, G_N_ELEMENTS (nofp_small), 120, "no frame pointers" },
    { mixed, G_N_ELEMENTS (mixed), 120, "mixed frame sizes" },
    { variable, G_N_ELEMENTS (variable), 90, "variable-length frames" },
    { huge, G_N_ELEMENTS (huge), 40, "frames of 70 KB" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (chains); i++)
    for (int depth = 0; depth <= chains[i].max_depth; depth++)
      check_chain (chains[i].steps, chains[i].n_steps, depth, N_FRAMES, EXPECT_FAST, chains[i].what);
}

static void
test_max (void)
{
  static const int maxes[] = { 1, 2, 3, 5, 17, 31, 32, 33, 34, 40, 64 };

  for (size_t i = 0; i < G_N_ELEMENTS (maxes); i++)
    check_chain (mixed, G_N_ELEMENTS (mixed), 30, maxes[i], EXPECT_FAST, "max");
  /* deeper than the most frames one call gives */
  check_chain (nofp_small, 1, 300, N_FRAMES, EXPECT_FAST, "deeper than the maximum");
  check_chain (mixed, G_N_ELEMENTS (mixed), 300, N_FRAMES, EXPECT_FAST, "deeper than the maximum");
}

/* Two paths whose frames sit at the same stack addresses with different
 * return addresses, taken in turns: each thread's memory of its last walk
 * must not lend one path's frames to the other. */
static void
test_alternating (void)
{
  static const WalkStep a[] = { unwind_fp_small, unwind_nofp_small };
  static const WalkStep b[] = { unwind_nofp_small, unwind_fp_small };
  static const WalkStep c[] = { unwind_nofp_small, unwind_nofp_small, unwind_fp_vla };

  for (int i = 0; i < 50; i++)
    {
      check_chain (a, G_N_ELEMENTS (a), 20, N_FRAMES, EXPECT_FAST, "path a");
      check_chain (b, G_N_ELEMENTS (b), 20, N_FRAMES, EXPECT_FAST, "path b");
      check_chain (c, G_N_ELEMENTS (c), 20 - i % 5, N_FRAMES, EXPECT_FAST, "path c");
      check_chain (a, G_N_ELEMENTS (a), 20 + i % 3, N_FRAMES, EXPECT_FAST, "path a, deeper");
    }
}

/* ---- paths that change every walk ------------------------------------------------- */

typedef struct
{
  void *lib[N_FRAMES];
  int   n_lib;
  void *ours[N_FRAMES];
  int   n_ours;
} OneWalk;

/* one walk of ours at a time: each follows the last only if the paths agree */
static __attribute__ ((noinline)) void
probe_one_walk (Walk *w)
{
  OneWalk *o = w->data;
  const uintptr_t *fp = __builtin_frame_address (0);

  o->n_lib = unw_backtrace (o->lib, N_FRAMES);
  o->n_ours = ht_unwind_backtrace_from (fp[1], (uintptr_t) (fp + 2), fp[0], o->ours, N_FRAMES);
  __asm__ volatile ("" ::: "memory");
}

static void
check_one_walk (const WalkStep *steps,
                int             depth,
                const char     *what,
                int             round)
{
  OneWalk *o = g_new0 (OneWalk, 1);
  Walk w = { steps, depth + 1, probe_one_walk, o };

  walk_next (&w, depth);
  if (o->n_ours != o->n_lib - 1)
    g_error ("%s, walk %d: %d frames, libunwind %d", what, round, o->n_ours, o->n_lib - 1);
  for (int i = 1; i < o->n_lib; i++)
    if (o->ours[i - 1] != o->lib[i])
      g_error ("%s, walk %d: frame %d is %p, libunwind says %p", what, round, i - 1,
               o->ours[i - 1], o->lib[i]);
  g_free (o);
}

static gpointer
changing_paths_thread (gpointer data)
{
  static const WalkStep kinds[] = { unwind_fp_small, unwind_nofp_small, unwind_fp_big, unwind_nofp_big };
  WalkStep steps[41];
  GRand *rand = g_rand_new_with_seed (GPOINTER_TO_UINT (data));

  /* A new path every walk, as in a recursion that goes another way each
   * time: the unwinder stops reading its history of walks, which does not
   * help here, and steps by rules alone, going on with the last frame's
   * rule where it can. */
  for (int round = 0; round < 400; round++)
    {
      for (size_t i = 0; i < G_N_ELEMENTS (steps); i++)
        steps[i] = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      check_one_walk (steps, 40, "a new path every walk", round);
    }
  /* Then the same path again and again: the history is tried again now and
   * then, and is followed from then on. */
  for (int round = 0; round < 200; round++)
    check_one_walk (steps, 40, "the same path again", round);
  /* and a change of path in the middle of following */
  for (size_t i = 0; i < 20; i++)
    steps[i] = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
  for (int round = 0; round < 20; round++)
    check_one_walk (steps, 40, "another path, then the same", round);
  g_rand_free (rand);
  return NULL;
}

static void
test_changing_paths (void)
{
  /* in a thread of its own, whose unwinder starts with no history */
  g_thread_join (g_thread_new ("paths", changing_paths_thread, GUINT_TO_POINTER (g_test_rand_int ())));
}

static void
test_shared_library (void)
{
  for (int depth = 0; depth <= 40; depth++)
    check_chain (with_shlib, G_N_ELEMENTS (with_shlib), depth, N_FRAMES, EXPECT_FAST,
                 "shared library");
}

/* ---- calls through libc ---------------------------------------------------------- */

typedef struct
{
  Walk *w;
  int   depth;
  bool  done;
} Descent;

static int
compare_descending (const void *a,
                    const void *b,
                    void       *data)
{
  Descent *d = data;

  if (!d->done)
    {
      d->done = true;
      walk_next (d->w, d->depth);
    }
  return *(const int *) a - *(const int *) b;
}

static __attribute__ ((noinline)) void
step_qsort (Walk *w, int depth)
{
  int values[] = { 3, 1, 2 };
  Descent d = { w, depth, false };

  qsort_r (values, G_N_ELEMENTS (values), sizeof (int), compare_descending, &d);
  g_assert_cmpint (values[0], ==, 1);
}

static Descent *bsearch_descent;

static int
compare_bsearch (const void *a,
                 const void *b)
{
  return compare_descending (a, b, bsearch_descent);
}

/* bsearch is inline in glibc's headers: through a pointer it is libc's */
static void *(*volatile bsearch_in_libc) (const void *, const void *, size_t, size_t,
                                          __compar_fn_t) = bsearch;

static __attribute__ ((noinline)) void
step_bsearch (Walk *w, int depth)
{
  static const int values[] = { 1, 2, 3, 4, 5 };
  int key = 4;
  Descent d = { w, depth, false };

  bsearch_descent = &d;
  g_assert_nonnull (bsearch_in_libc (&key, values, G_N_ELEMENTS (values), sizeof (int),
                                     compare_bsearch));
}

static void
test_libc_callbacks (void)
{
  static const WalkStep through_libc[] = { step_qsort, unwind_nofp_small, step_bsearch, unwind_fp_big };

  for (int depth = 0; depth <= 30; depth++)
    check_chain (through_libc, G_N_ELEMENTS (through_libc), depth, N_FRAMES, EXPECT_FAST,
                 "qsort_r and bsearch");
}

static void
test_cxx (void)
{
#ifdef HAVE_UNWIND_CXX
  static const WalkStep through_cxx[] = { unwind_cxx_step, unwind_nofp_small, unwind_fp_small };

  for (int depth = 0; depth <= 30; depth++)
    check_chain (through_cxx, G_N_ELEMENTS (through_cxx), depth, N_FRAMES, EXPECT_FAST,
                 "C++, std::sort and std::function");
#else
  g_test_skip ("built without a C++ compiler");
#endif
}

/* ---- unusual call frame information -------------------------------------------- */

static void
test_unusual_cfi (void)
{
  static const WalkStep row_after_call[] = { unwind_asm_row_after_call, unwind_nofp_small };
  static const WalkStep cfa_expression[] = { unwind_asm_cfa_expression, unwind_fp_small };
  static const WalkStep rbp_register[] = { unwind_asm_rbp_register, unwind_fp_vla };
  static const WalkStep rbp_undefined[] = { unwind_asm_rbp_undefined, unwind_nofp_small };

  /* even depths: the first step is the unusual one */
  for (int depth = 2; depth <= 12; depth += 2)
    {
      check_chain (row_after_call, 2, depth, N_FRAMES, EXPECT_FAST, "row after the call");
      check_chain (cfa_expression, 2, depth, N_FRAMES, EXPECT_FALLBACK, "CFA expression");
      check_chain (rbp_register, 2, depth, N_FRAMES, EXPECT_FALLBACK, "RBP in a register");
    }

  /* libunwind ends the stack at a frame whose RBP is undefined */
  for (int depth = 2; depth <= 12; depth += 2)
    {
      Capture *c = g_new0 (Capture, 1);
      Walk w = { rbp_undefined, 2, probe_capture, c };

      c->max = N_FRAMES;
      walk_next (&w, depth);
      check_capture (c, EXPECT_FAST, "RBP undefined");
      g_assert_cmpint (c->n_lib, <=, depth + 2);
      g_free (c);
    }
}

/* ---- signal handlers ------------------------------------------------------------- */

static Capture *signal_capture;

static void
on_signal (int sig)
{
  capture_all (signal_capture);
}

static void
probe_raise (Walk *w)
{
  signal_capture = w->data;
  raise (SIGUSR1);
}

static void
check_signal (gboolean on_alt_stack)
{
  struct sigaction sa = { .sa_handler = on_signal, .sa_flags = on_alt_stack ? SA_ONSTACK : 0 };
  struct sigaction old;
  stack_t alt = { .ss_size = 256 * 1024 };

  if (on_alt_stack)
    {
      alt.ss_sp = g_malloc (alt.ss_size);
      g_assert_no_errno (sigaltstack (&alt, NULL));
    }
  sigemptyset (&sa.sa_mask);
  g_assert_no_errno (sigaction (SIGUSR1, &sa, &old));
  for (int depth = 0; depth <= 20; depth += 5)
    {
      Capture *c = g_new0 (Capture, 1);
      Walk w = { mixed, G_N_ELEMENTS (mixed), probe_raise, c };

      c->max = N_FRAMES;
      walk_next (&w, depth);
      /* the signal frame (__restore_rt) is libunwind's to step through */
      check_capture (c, EXPECT_FALLBACK, on_alt_stack ? "signal on sigaltstack" : "signal");
      g_assert_cmpint (c->n_lib, >, depth + 4);
      g_free (c);
    }
  g_assert_no_errno (sigaction (SIGUSR1, &old, NULL));
  if (on_alt_stack)
    {
      stack_t off = { .ss_flags = SS_DISABLE };

      g_assert_no_errno (sigaltstack (&off, NULL));
      g_free (alt.ss_sp);
    }
}

static void
test_signal (void)
{
  check_signal (FALSE);
  check_signal (TRUE);
}

/* A profiling timer fires into walks of the main thread: the handler's own
 * walk must neither disturb nor trust the interrupted one's memory. */
static Capture storm_capture;
static volatile sig_atomic_t storm_ticks, storm_bad;

static void
on_storm_tick (int sig)
{
  Capture *c = &storm_capture;

  c->max = N_FRAMES;
  capture_all (c);
  if (c->n_ours != c->n_lib)
    storm_bad++;
  for (int i = 1; i < c->n_lib && i < c->n_ours; i++)
    if (c->ours[i] != c->lib[i])
      storm_bad++;
  storm_ticks++;
}

static void
test_signal_storm (void)
{
  struct sigaction sa = { .sa_handler = on_storm_tick, .sa_flags = SA_RESTART };
  struct itimerval every = { { 0, 200 }, { 0, 200 } };
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  void *frames[N_FRAMES];

  sigemptyset (&sa.sa_mask);
  g_assert_no_errno (sigaction (SIGPROF, &sa, NULL));
  g_assert_no_errno (setitimer (ITIMER_PROF, &every, NULL));
  while (g_get_monotonic_time () < end || storm_ticks < 20)
    for (int i = 0; i < 1000; i++)
      ht_unwind_backtrace (frames, N_FRAMES);
  g_assert_no_errno (setitimer (ITIMER_PROF, &off, NULL));
  signal (SIGPROF, SIG_DFL);
  g_test_message ("%d ticks", (int) storm_ticks);
  g_assert_cmpint (storm_bad, ==, 0);
  /* and the interrupted thread still walks right */
  check_chain (mixed, G_N_ELEMENTS (mixed), 25, N_FRAMES, EXPECT_FAST, "after the storm");
}

/* ---- threads ----------------------------------------------------------------------- */

static gpointer
thread_main (gpointer data)
{
  static const WalkStep *const all[] = { fp_small, nofp_small, mixed, variable, with_shlib };
  static const int lengths[] = { 1, 1, G_N_ELEMENTS (mixed), G_N_ELEMENTS (variable),
                                 G_N_ELEMENTS (with_shlib) };
  GRand *rand = g_rand_new_with_seed (GPOINTER_TO_UINT (data));

  for (int i = 0; i < 400; i++)
    {
      int k = g_rand_int_range (rand, 0, G_N_ELEMENTS (all));

      check_chain (all[k], lengths[k], g_rand_int_range (rand, 0, 70), N_FRAMES, EXPECT_FAST,
                   "thread");
    }
  g_rand_free (rand);
  return NULL;
}

static void *
thread_main_pthread (void *data)
{
  return thread_main (data);
}

static void
test_threads (void)
{
  GThread *threads[4];
  pthread_attr_t attr;
  pthread_t own_stack_thread;
  size_t stack_size = 1 << 20;
  void *stack = g_malloc (stack_size);

  for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("unwind", thread_main, GUINT_TO_POINTER (g_test_rand_int () + i));
  /* and one on a stack of the program's own, from the heap */
  g_assert_cmpint (pthread_attr_init (&attr), ==, 0);
  g_assert_cmpint (pthread_attr_setstack (&attr, stack, stack_size), ==, 0);
  g_assert_cmpint (pthread_create (&own_stack_thread, &attr, thread_main_pthread,
                                   GUINT_TO_POINTER (g_test_rand_int ())), ==, 0);
  for (size_t i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (pthread_join (own_stack_thread, NULL), ==, 0);
  pthread_attr_destroy (&attr);
  g_free (stack);
}

/* ---- dlopen, dlclose ---------------------------------------------------------------- */

static gpointer
check_step_thread (gpointer data)
{
  WalkStep step = (WalkStep) data;
  const WalkStep steps[] = { step, unwind_nofp_small, step, unwind_fp_small };

  /* twice each, so that the second time comes from what was kept */
  for (int depth = 0; depth <= 20; depth++)
    for (int i = 0; i < 2; i++)
      check_chain (steps, G_N_ELEMENTS (steps), depth, N_FRAMES, EXPECT_FAST, "dlopen'd module");
  return NULL;
}

/* Loads `path`, checks stacks through its unwind_module_step, unloads it.
 * Returns where the step was. libunwind, the reference, needs help to see
 * the change: unw_flush_cache for its shared caches, and a new thread each
 * time, as nothing ever clears its per-thread frame cache (in an old thread
 * it answers for the module that was there before). */
static uintptr_t
check_module (const char *path)
{
  void *module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  WalkStep step;

  if (module == NULL)
    g_error ("%s: %s", path, dlerror ());
  ht_unwind_invalidate ();
  step = (WalkStep) dlsym (module, "unwind_module_step");
  g_assert_nonnull (step);
  g_thread_join (g_thread_new ("dlopen", check_step_thread, (gpointer) step));
  g_assert_cmpint (dlclose (module), ==, 0);
  ht_unwind_invalidate ();
  unw_flush_cache (unw_local_addr_space, 0, 0);
  return (uintptr_t) step;
}

static void
test_dlopen (void)
{
  const char *a = g_getenv ("UNWIND_MODULE_A");
  const char *b = g_getenv ("UNWIND_MODULE_B");
  uintptr_t at_a, at_b;

  if (a == NULL || b == NULL)
    {
      g_test_skip ("UNWIND_MODULE_A and UNWIND_MODULE_B not set");
      return;
    }
  at_a = check_module (a);
  check_chain (mixed, G_N_ELEMENTS (mixed), 10, N_FRAMES, EXPECT_FAST, "after dlclose");
  /* b usually lands where a was: the same return addresses, other rules */
  at_b = check_module (b);
  if (at_a != at_b)
    g_test_message ("the modules were loaded at different addresses");
  check_module (a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* as the preload library sets it */
  unw_set_caching_policy (unw_local_addr_space, UNW_CACHE_PER_THREAD);

  g_test_add_func ("/unwind/frame-zero", test_frame_zero);
  g_test_add_func ("/unwind/recursion", test_recursion);
  g_test_add_func ("/unwind/max", test_max);
  g_test_add_func ("/unwind/alternating", test_alternating);
  g_test_add_func ("/unwind/changing-paths", test_changing_paths);
  g_test_add_func ("/unwind/shared-library", test_shared_library);
  g_test_add_func ("/unwind/libc-callbacks", test_libc_callbacks);
  g_test_add_func ("/unwind/cxx", test_cxx);
  g_test_add_func ("/unwind/unusual-cfi", test_unusual_cfi);
  g_test_add_func ("/unwind/signal", test_signal);
  g_test_add_func ("/unwind/signal-storm", test_signal_storm);
  g_test_add_func ("/unwind/threads", test_threads);
  g_test_add_func ("/unwind/dlopen", test_dlopen);
  return g_test_run ();
}
