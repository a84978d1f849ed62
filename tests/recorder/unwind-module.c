/* unwind-module.c: a walk step in a module for dlopen (see unwind-helpers.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built twice, with FRAME_SIZE 200 and 2008: the code has the same layout
 * in both (the immediates are 32-bit either way), so when one replaces the
 * other at the same address, the same return address needs another rule.
 * A rule kept from the first would show in the second's stacks.
 */

#include "unwind-helpers.h"

#define STRING(x) STRING_ (x)
#define STRING_(x) #x

void unwind_module_next (Walk *w, int depth) __attribute__ ((visibility ("hidden")));

__attribute__ ((noinline)) void
unwind_module_next (Walk *w, int depth)
{
  volatile int x = depth;

  walk_next (w, depth);
  x++;
}

__asm__ (".text\n"
         ".globl unwind_module_step\n"
         ".type unwind_module_step, @function\n"
         "unwind_module_step:\n"
         ".cfi_startproc\n"
         "  subq $" STRING (FRAME_SIZE) ", %rsp\n"
         "  .cfi_def_cfa_offset " STRING (FRAME_SIZE) " + 8\n"
         "  call unwind_module_next\n"
         "  addq $" STRING (FRAME_SIZE) ", %rsp\n"
         "  .cfi_def_cfa_offset 8\n"
         "  ret\n"
         ".cfi_endproc\n"
         ".size unwind_module_step, .-unwind_module_step\n");
