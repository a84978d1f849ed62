/* launch-static.c: a statically linked program, which LD_PRELOAD cannot
 * record and gdb cannot load our library into
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waits for the end of its input, so a test can try to attach to it.
 */

#include <unistd.h>

int
main (void)
{
  char c;

  while (read (STDIN_FILENO, &c, 1) == 1)
    ;
  return 0;
}
