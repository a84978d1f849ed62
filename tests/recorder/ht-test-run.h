/* ht-test-run.h: running programs and cleaning up, for the recorder tests
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

typedef struct
{
  int   status;   /* exit status, or 128 + signal */
  char *out;
  char *err;
} RunResult;

void        run_result_clear (RunResult          *r);
void        run_in           (const char * const *argv,
                              const char         *cwd,
                              const char * const *env,
                              RunResult          *r);
void        run              (const char * const *argv,
                              RunResult          *r);
const char *env_path         (const char         *name);
void        remove_tree      (const char         *path);
