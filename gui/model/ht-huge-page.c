/* ht-huge-page.c: 2 MiB blocks for the model's biggest structures
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first touch of each 4 KiB page is a page fault, and in a virtual
 * machine a fault can cost 15 µs: the 150,000 nodes (12 MiB) of the deep
 * bench trace's top-down tree took 60 ms to build, 50 of them in faults.
 * A transparent huge page faults once per 2 MiB. Debian enables them only
 * where a program asks (the "madvise" setting), so the blocks ask.
 */

#define G_LOG_DOMAIN "ht-huge-page"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "ht-huge-page.h"

/**
 * ht_huge_page_new:
 *
 * Returns: 2 MiB of zeroed memory aligned on 2 MiB and advised to be one
 * transparent huge page; aborts when out of memory, as g_malloc() does.
 * Free it with ht_huge_page_free().
 */
gpointer
ht_huge_page_new (void)
{
  /* map twice the size, then unmap what lies outside the aligned middle */
  gsize size = 2 * HT_HUGE_PAGE_SIZE;
  char *map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *page, *end;

  if (map == MAP_FAILED)
    g_error ("%s: failed to map %" G_GSIZE_FORMAT " bytes: %s", G_STRLOC, size, g_strerror (errno));
  page = (char *) (((guintptr) map + HT_HUGE_PAGE_SIZE - 1) & ~(guintptr) (HT_HUGE_PAGE_SIZE - 1));
  end = page + HT_HUGE_PAGE_SIZE;
  if (page > map)
    munmap (map, page - map);
  if (end < map + size)
    munmap (end, map + size - end);
  /* only advice: without huge pages the block works as well, more slowly */
  madvise (page, HT_HUGE_PAGE_SIZE, MADV_HUGEPAGE);
  return page;
}

void
ht_huge_page_free (gpointer page)
{
  if (page != NULL)
    munmap (page, HT_HUGE_PAGE_SIZE);
}
