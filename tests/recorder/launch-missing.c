/* launch-missing.c: the two things a trace can lack, on demand
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   launch-missing [symbols LIBRARY] [mmap]
 *
 *   symbols LIBRARY  dlopen LIBRARY (launch-bare-lib.c, stripped) and call its
 *                    launch_bare_lib_run: frames without names in that module
 *   mmap             map and touch 160 MiB itself, then stay 50 ms so that the
 *                    recorder samples the RSS: memory that malloc never saw
 */

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define MAPPED (160u << 20)

static int
call_bare_library (const char *path)
{
  void *lib = dlopen (path, RTLD_NOW);
  void (*run) (void) = lib ? (void (*) (void)) dlsym (lib, "launch_bare_lib_run") : NULL;

  if (run == NULL)
    {
      fprintf (stderr, "launch-missing: %s\n", dlerror ());
      return 1;
    }
  run ();
  return 0;
}

static int
map_itself (void)
{
  struct timespec pause = { 0, 50 * 1000 * 1000 };
  char *map = mmap (NULL, MAPPED, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (map == MAP_FAILED)
    return 1;
  memset (map, 1, MAPPED);
  nanosleep (&pause, NULL);
  return map[MAPPED - 1] == 1 ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      int status;

      if (strcmp (argv[i], "symbols") == 0 && i + 1 < argc)
        status = call_bare_library (argv[++i]);
      else if (strcmp (argv[i], "mmap") == 0)
        status = map_itself ();
      else
        {
          fprintf (stderr, "usage: launch-missing [symbols LIBRARY] [mmap]\n");
          return 2;
        }
      if (status != 0)
        return status;
    }
  return 0;
}
