/* unwind-asm.c: walk steps with unusual CFI (see unwind-helpers.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step is a small assembly function around a call to unwind_asm_next,
 * with the call frame information written out by hand. x86_64 only.
 */

#include "unwind-helpers.h"

void unwind_asm_next (Walk *w, int depth) __attribute__ ((visibility ("hidden")));

__attribute__ ((noinline)) void
unwind_asm_next (Walk *w, int depth)
{
  volatile int x = depth;

  walk_next (w, depth);
  x++;
}

#define ASM_FUNCTION(name, body) \
  __asm__ (".text\n" \
           ".globl " #name "\n" \
           ".type " #name ", @function\n" \
           #name ":\n" \
           ".cfi_startproc\n" \
           body \
           ".cfi_endproc\n" \
           ".size " #name ", .-" #name "\n")

/* The row after the call claims CFA = RSP+8, which is wrong there: only the
 * row of the call instruction itself (return address - 1) describes the
 * frame while the callee runs. */
ASM_FUNCTION (unwind_asm_row_after_call,
              "  push %rbp\n"
              "  .cfi_def_cfa_offset 16\n"
              "  .cfi_offset %rbp, -16\n"
              "  sub $16, %rsp\n"
              "  .cfi_def_cfa_offset 32\n"
              "  call unwind_asm_next\n"
              "  .cfi_def_cfa_offset 8\n"
              "  nop\n"
              "  .cfi_def_cfa_offset 32\n"
              "  add $16, %rsp\n"
              "  .cfi_def_cfa_offset 16\n"
              "  pop %rbp\n"
              "  .cfi_def_cfa_offset 8\n"
              "  ret\n");

/* CFA = DW_OP_breg7 (RSP) + 32 */
ASM_FUNCTION (unwind_asm_cfa_expression,
              "  push %rbp\n"
              "  .cfi_def_cfa_offset 16\n"
              "  .cfi_offset %rbp, -16\n"
              "  sub $16, %rsp\n"
              "  .cfi_escape 0x0f, 0x02, 0x77, 0x20\n"
              "  call unwind_asm_next\n"
              "  add $16, %rsp\n"
              "  .cfi_def_cfa %rsp, 16\n"
              "  pop %rbp\n"
              "  .cfi_def_cfa_offset 8\n"
              "  ret\n");

/* the caller's RBP lives in RBX during the call */
ASM_FUNCTION (unwind_asm_rbp_register,
              "  push %rbx\n"
              "  .cfi_def_cfa_offset 16\n"
              "  .cfi_offset %rbx, -16\n"
              "  mov %rbp, %rbx\n"
              "  .cfi_register %rbp, %rbx\n"
              "  xor %ebp, %ebp\n"
              "  call unwind_asm_next\n"
              "  mov %rbx, %rbp\n"
              "  .cfi_restore %rbp\n"
              "  pop %rbx\n"
              "  .cfi_def_cfa_offset 8\n"
              "  .cfi_restore %rbx\n"
              "  ret\n");

/* RBP undefined marks the end of the stack for libunwind */
ASM_FUNCTION (unwind_asm_rbp_undefined,
              "  push %rbp\n"
              "  .cfi_def_cfa_offset 16\n"
              "  .cfi_undefined %rbp\n"
              "  call unwind_asm_next\n"
              "  pop %rbp\n"
              "  .cfi_def_cfa_offset 8\n"
              "  .cfi_same_value %rbp\n"
              "  ret\n");
