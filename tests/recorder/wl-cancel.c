/* wl-cancel.c: threads cancelled while they allocate
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 100 times: a thread allocates and frees in a loop, the main thread
 * cancels it 2 ms later. The recorder's own writes (cancellation points)
 * must not be where a thread ends. Then main leaks 7 bytes.
 */

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static void * volatile sink;

static void *
churn (void *data)
{
  for (;;)
    {
      sink = malloc (24);
      free (sink);
      pthread_testcancel ();
    }
  return NULL;
}

int
main (void)
{
  for (int i = 0; i < 100; i++)
    {
      struct timespec wait = { 0, 2 * 1000 * 1000 };
      pthread_t thread;

      if (pthread_create (&thread, NULL, churn, NULL) != 0)
        return 1;
      nanosleep (&wait, NULL);
      pthread_cancel (thread);
      pthread_join (thread, NULL);
    }
  sink = malloc (7);
  return 0;
}
