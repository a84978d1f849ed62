/* wl-cxx.cpp: C++ containers, operator new, templates and inlining
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its figures depend on libstdc++; the compat suite compares the analyser
 * with heaptrack_print on the same trace (template shortening, operator new
 * frames, inlined frames).
 */

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wl {

template <typename T>
struct Bag
{
  std::vector<T> items;

  void add (const T &item) { items.push_back (item); }
};

}

static std::unique_ptr<int[]> leaked_on_purpose;

int
main ()
{
  wl::Bag<int> bag;
  std::map<std::string, std::vector<double>> table;

  for (int i = 0; i < 1000; i++)
    bag.add (i);
  for (int i = 0; i < 200; i++)
    table["key number " + std::to_string (i % 50)].push_back (i);
  for (int i = 0; i < 100; i++)
    {
      auto *p = new std::string (64, 'x');
      delete p;
    }
  leaked_on_purpose.reset (new int[25]);
  (void) leaked_on_purpose.release ();
  return 0;
}
