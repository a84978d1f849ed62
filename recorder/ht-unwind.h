/* ht-unwind.h: a fast stack unwinder for the preload library
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

/* The most frames one call returns: a larger max counts as this many. */
#define HT_UNWIND_MAX_FRAMES 256

/* The return addresses of the calling thread's stack, innermost first, exactly
 * as libunwind's unw_backtrace (frames, max) gives them when called at the same
 * place: frames[0] is the address the call to ht_unwind_backtrace returns to.
 * Common frames are unwound from cached rules; any other frame makes the whole
 * call go to unw_backtrace. Returns the number of frames stored. No malloc
 * (mmap: a 1 MiB shared table, 48 KiB per thread), thread-safe, never waits for
 * another thread (the lock it needs to learn a new frame is only tried).
 * Uses a pthread key made at load time. x86_64 only; elsewhere it is
 * unw_backtrace. */
int  ht_unwind_backtrace      (void **frames,
                               int    max);

/* The same without the fall-back: -1 where ht_unwind_backtrace would have to
 * ask libunwind. For tests and benchmarks. */
int  ht_unwind_backtrace_fast (void **frames,
                               int    max);

/* The frames above a function's caller, for a function that knows where
 * it was called from: @ip is the address its call returns to, @sp and @bp
 * the stack pointer and rbp its caller has when the call returns. frames[0]
 * is @ip, and the frames of the function and of what it called are never
 * walked. -1 where ht_unwind_backtrace would have to ask libunwind. */
int  ht_unwind_backtrace_from (uintptr_t ip,
                               uintptr_t sp,
                               uintptr_t bp,
                               void    **frames,
                               int       max);

/* Forget everything learnt about the loaded modules. Call it after each
 * dlopen and dlclose returns: after it, nothing from an unloaded module is
 * used again. Async-signal-safe, never blocks. */
void ht_unwind_invalidate     (void);
