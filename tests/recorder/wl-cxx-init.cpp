// wl-cxx-init.cpp: allocations made before main, by libstdc++
//
// Copyright 2026 The heaptrack-gtk authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// libstdc++'s initializer allocates its emergency exception pool (72,704
// bytes with GCC 12) before our preload library's constructor may have
// run; the recorder must see it. main then leaks three blocks of 40 bytes.

int
main ()
{
  for (int i = 0; i < 3; i++)
    {
      int *p = new int[10];

      __asm__ volatile ("" : : "r" (p) : "memory");
    }
  return 0;
}
