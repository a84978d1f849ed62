/* launch-target.c: a paced allocator for heaptrack-gtk-record --pid
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * launch-target [LIBRARY]
 *
 * Does nothing until told, so a test knows exactly what happened between
 * attaching and detaching. It reads one command byte at a time from stdin
 * and answers each on stdout with the same letter and a newline; plain
 * read/write, no stdio, so it allocates nothing of its own:
 *
 *   r  one round: 1000 pairs of malloc (64) and free, then malloc (100),
 *      kept until exit (1001 calls, 1000 temporary, 100 bytes leaked)
 *   s  20000 allocations of the sizes 1 to 20000, each freed at once: a
 *      trace that compresses badly
 *   l  dlopen LIBRARY and call its launch_lib_alloc (see launch-lib.c)
 *   c  dlclose LIBRARY
 *   x  exec /bin/cat, which echoes the rest of the input (answered
 *      before the exec)
 *   q  or end of input: exit (0) without freeing anything
 *
 * It writes "ready\n" first.
 */

#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

static void
answer (const char *text,
        size_t      len)
{
  if (write (STDOUT_FILENO, text, len) != (ssize_t) len)
    _exit (2);
}

__attribute__ ((noinline)) static void
one_round (void)
{
  char *keep;

  for (int i = 0; i < 1000; i++)
    {
      char *p = malloc (64);

      p[0] = (char) i;
      KEEP (p);
      free (p);
    }
  keep = malloc (100);
  keep[0] = 1;
  KEEP (keep);
}

__attribute__ ((noinline)) static void
all_sizes (void)
{
  for (int size = 1; size <= 20000; size++)
    {
      char *p = malloc (size);

      p[0] = 1;
      KEEP (p);
      free (p);
    }
}

int
main (int   argc,
      char *argv[])
{
  void *library = NULL;
  char command;

  answer ("ready\n", 6);
  while (read (STDIN_FILENO, &command, 1) == 1)
    {
      char reply[2] = { command, '\n' };

      switch (command)
        {
        case 'r':
          one_round ();
          break;
        case 's':
          all_sizes ();
          break;
        case 'l':
          {
            void (*lib_alloc) (void);

            library = argc > 1 ? dlopen (argv[1], RTLD_NOW) : NULL;
            if (library == NULL)
              return 3;
            lib_alloc = (void (*) (void)) dlsym (library, "launch_lib_alloc");
            if (lib_alloc == NULL)
              return 3;
            lib_alloc ();
          }
          break;
        case 'c':
          if (library == NULL || dlclose (library) != 0)
            return 3;
          library = NULL;
          break;
        case 'x':
          answer (reply, 2);
          execl ("/bin/cat", "cat", (char *) NULL);
          return 4;
        case 'q':
          return 0;
        default:
          continue;
        }
      answer (reply, 2);
    }
  return 0;
}
