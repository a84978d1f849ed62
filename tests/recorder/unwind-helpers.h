/* unwind-helpers.h: stacks of many shapes for test-unwind and unwind-bench
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Walk descends through `depth` frames, frame d made by steps[d % n_steps],
 * then calls probe at the bottom. The steps live in files built with and
 * without frame pointers, in a shared library and in assembly, so one chain
 * mixes frame shapes.
 */

#pragma once

typedef struct _Walk Walk;
typedef void (*WalkStep) (Walk *w, int depth);

struct _Walk
{
  const WalkStep *steps;
  int             n_steps;
  void          (*probe) (Walk *w);
  void           *data;
};

/* The next frame down, or the probe at the bottom. Steps call it, then do
 * something after it so that it is never a tail call. */
static inline void
walk_next (Walk *w,
           int   depth)
{
  if (depth <= 0)
    w->probe (w);
  else
    w->steps[depth % w->n_steps] (w, depth - 1);
}

/* unwind-fp.c, built with frame pointers at -O1 */
void unwind_fp_small  (Walk *w, int depth);
void unwind_fp_big    (Walk *w, int depth);
void unwind_fp_vla    (Walk *w, int depth);

/* unwind-nofp.c, built without frame pointers at -O2 */
void unwind_nofp_small  (Walk *w, int depth);
void unwind_nofp_big    (Walk *w, int depth);
void unwind_nofp_vla    (Walk *w, int depth);
void unwind_nofp_alloca (Walk *w, int depth);
void unwind_nofp_huge   (Walk *w, int depth);

/* unwind-shlib.c, a shared library at -O2 */
void unwind_shlib_step (Walk *w, int depth);

/* unwind-module.c, in modules only loaded with dlopen: unwind_module_step */

/* unwind-cxx.cpp, where there is a C++ compiler: through std::sort and std::function */
void unwind_cxx_step (Walk *w, int depth);

/* unwind-asm.c: frames with unusual CFI */
void unwind_asm_row_after_call (Walk *w, int depth);  /* a CFI row starting at the return address */
void unwind_asm_cfa_expression (Walk *w, int depth);  /* DW_CFA_def_cfa_expression */
void unwind_asm_rbp_register   (Walk *w, int depth);  /* RBP kept in another register */
void unwind_asm_rbp_undefined  (Walk *w, int depth);  /* RBP DW_CFA_undefined: libunwind stops there */
