/* unwind-cxx.cpp: a walk step in C++ (see unwind-helpers.h)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The next frame is reached through std::sort calling a lambda inside
 * std::function, with a try block and a live std::string around it.
 */

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include "unwind-helpers.h"
}

extern "C" void
unwind_cxx_step (Walk *w, int depth)
{
  std::string name (40, 'x');
  std::vector<int> values { 3, 1, 2 };
  bool done = false;
  std::function<bool (int, int)> less = [&] (int a, int b) {
    if (!done)
      {
        done = true;
        walk_next (w, depth);
      }
    return a < b;
  };

  try
    {
      std::sort (values.begin (), values.end (), less);
      if (values[0] != 1)
        throw std::logic_error (name);
    }
  catch (const std::logic_error &)
    {
      std::abort ();
    }
}
