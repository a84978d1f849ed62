/* ht-inject.c: recording a process that is already running
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into libheaptrack-gtk-preload.so. When gdb dlopen()s the library
 * into a running process, its exported malloc & co. interpose on nothing:
 * everybody already bound their calls. So we rewrite the bindings, the GOT
 * slots that the dynamic loader filled with the addresses of the allocator
 * functions (JUMP_SLOT and GLOB_DAT relocations), in every loaded object
 * but ours, the loader's and the vdso's (docs/raw-stream.md §13.2).
 *
 * An object that another thread is loading at this very moment is listed
 * before the loader has relocated it; we leave it alone until its RELRO
 * pages are read-only (/proc/self/maps says so), or our write would be
 * overwritten and our protecting would make the loader fault.
 *
 * Every patched slot is remembered with its original value, per object, so
 * detaching can put it back. Slots of objects unloaded in between are never
 * touched again: restoring walks the objects loaded now.
 *
 * Like the rest of the library: libc only, no malloc (our memory comes from
 * mmap), nothing that may crash the process; a slot we cannot write is
 * skipped.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ht-inject.h"
#include "ht-preload.h"

#define HT_EXPORT __attribute__ ((visibility ("default")))

#if defined(__x86_64__)
#define HT_R_JUMP_SLOT R_X86_64_JUMP_SLOT
#define HT_R_GLOB_DAT R_X86_64_GLOB_DAT
#elif defined(__aarch64__)
#define HT_R_JUMP_SLOT R_AARCH64_JUMP_SLOT
#define HT_R_GLOB_DAT R_AARCH64_GLOB_DAT
#elif defined(__i386__)
#define HT_R_JUMP_SLOT R_386_JMP_SLOT
#define HT_R_GLOB_DAT R_386_GLOB_DAT
#endif

#if __ELF_NATIVE_CLASS == 64
#define HT_R_SYM(info) ELF64_R_SYM (info)
#define HT_R_TYPE(info) ELF64_R_TYPE (info)
#else
#define HT_R_SYM(info) ELF32_R_SYM (info)
#define HT_R_TYPE(info) ELF32_R_TYPE (info)
#endif

enum
{
  HOOK_MALLOC,
  HOOK_FREE,
  HOOK_CALLOC,
  HOOK_REALLOC,
  HOOK_REALLOCARRAY,
  HOOK_POSIX_MEMALIGN,
  HOOK_ALIGNED_ALLOC,
  HOOK_MEMALIGN,
  HOOK_VALLOC,
  HOOK_PVALLOC,
  HOOK_DLOPEN,
  HOOK_DLCLOSE,
  N_HOOKS
};

static const char *const hook_names[N_HOOKS] = {
  "malloc", "free", "calloc", "realloc", "reallocarray", "posix_memalign",
  "aligned_alloc", "memalign", "valloc", "pvalloc", "dlopen", "dlclose",
};

/* what a patched slot holds, by hook; all found or none */
static void *hooks[N_HOOKS];
static bool hooks_found;
/* the library's exported dlopen and dlclose, which our wrappers call */
static void *(*library_dlopen) (const char *, int);
static int   (*library_dlclose) (void *);

typedef struct
{
  void  **slot;
  void   *original;
  int     hook;
  bool    relro;   /* read-only once relocated: unprotect around the write */
} Slot;

typedef struct
{
  uintptr_t   base;
  const void *dynamic;  /* with base, tells objects apart */
  size_t      first;    /* its slots in `slots` */
  size_t      n;
  bool        seen;
} Object;

static pthread_mutex_t inject_lock = PTHREAD_MUTEX_INITIALIZER;
static bool injected;
static Slot *slots;
static size_t n_slots, slots_capacity;
static Object *objects;
static size_t n_objects, objects_capacity;
static unsigned long long last_adds;
/* /proc/self/maps, read when a patching pass first needs it */
static char *maps;
static size_t maps_len, maps_capacity;
static bool maps_fresh;

/* ---- arrays on mmap ------------------------------------------------------ */

static bool
reserve (void   **array,
         size_t  *capacity,
         size_t   used,
         size_t   element)
{
  size_t cap;
  void *p;

  if (used < *capacity)
    return true;
  cap = *capacity ? *capacity * 2 : 256;
  p = mmap (NULL, cap * element, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return false;
  if (*array != NULL)
    {
      memcpy (p, *array, used * element);
      munmap (*array, *capacity * element);
    }
  *array = p;
  *capacity = cap;
  return true;
}

/* ---- page protections ---------------------------------------------------- */

static bool
read_maps (void)
{
  int fd = open ("/proc/self/maps", O_RDONLY | O_CLOEXEC);

  maps_len = 0;
  if (fd < 0)
    return false;
  for (;;)
    {
      ssize_t n;

      while (maps_len + 4096 > maps_capacity)
        {
          if (!reserve ((void **) &maps, &maps_capacity, maps_capacity, 1))
            {
              close (fd);
              return false;
            }
        }
      n = read (fd, maps + maps_len, maps_capacity - maps_len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      maps_len += (size_t) n;
    }
  close (fd);
  maps_fresh = true;
  return true;
}

static const char *
parse_hex (const char *p,
           const char *end,
           uintptr_t  *value)
{
  *value = 0;
  for (; p < end; p++)
    {
      int digit;

      if (*p >= '0' && *p <= '9')
        digit = *p - '0';
      else if (*p >= 'a' && *p <= 'f')
        digit = *p - 'a' + 10;
      else
        break;
      *value = *value * 16 + (uintptr_t) digit;
    }
  return p;
}

/* Whether the page at @address is writable now; false if unknown. */
static bool
page_writable (uintptr_t  address,
               bool      *writable)
{
  const char *p, *end;

  if (!maps_fresh && !read_maps ())
    return false;
  p = maps;
  end = maps + maps_len;
  while (p < end)
    {
      const char *line_end = memchr (p, '\n', (size_t) (end - p));
      uintptr_t start, stop;

      if (line_end == NULL)
        line_end = end;
      /* "start-end perms offset ..." */
      p = parse_hex (p, line_end, &start);
      if (p < line_end && *p == '-')
        {
          p = parse_hex (p + 1, line_end, &stop);
          if (address >= start && address < stop && p + 3 < line_end)
            {
              *writable = p[2] == 'w';
              return true;
            }
        }
      p = line_end + 1;
    }
  return false;
}

/* ---- objects ------------------------------------------------------------- */

static bool
object_contains (const struct dl_phdr_info *info,
                 uintptr_t                  address)
{
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
      uintptr_t start = info->dlpi_addr + ph->p_vaddr;

      if (ph->p_type == PT_LOAD && address >= start && address < start + ph->p_memsz)
        return true;
    }
  return false;
}

/* ours, the dynamic loader's (it calls its own allocator) and the vdso */
static bool
is_excluded (const struct dl_phdr_info *info)
{
  uintptr_t loader = getauxval (AT_BASE);
  uintptr_t vdso = getauxval (AT_SYSINFO_EHDR);

  return object_contains (info, (uintptr_t) is_excluded)
         || (loader != 0 && object_contains (info, loader))
         || (vdso != 0 && object_contains (info, vdso));
}

static const void *
object_dynamic (const struct dl_phdr_info *info)
{
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
      return (const void *) (info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
  return NULL;
}

static Object *
find_object (const struct dl_phdr_info *info,
             const void                *dynamic)
{
  for (size_t i = 0; i < n_objects; i++)
    if (objects[i].base == info->dlpi_addr && objects[i].dynamic == dynamic)
      return &objects[i];
  return NULL;
}

/* ---- writing a slot ------------------------------------------------------ */

typedef struct
{
  uintptr_t relro_start;  /* the pages the loader made read-only */
  uintptr_t relro_end;
  const struct dl_phdr_info *info;
} Layout;

static void
layout_init (Layout                    *layout,
             const struct dl_phdr_info *info)
{
  uintptr_t page = (uintptr_t) getpagesize ();

  layout->info = info;
  layout->relro_start = layout->relro_end = 0;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

      if (ph->p_type == PT_GNU_RELRO)
        {
          /* rounded as the loader rounds when it protects them */
          uintptr_t start = info->dlpi_addr + ph->p_vaddr;

          layout->relro_start = start & ~(page - 1);
          layout->relro_end = (start + ph->p_memsz) & ~(page - 1);
        }
    }
}

/* Whether @slot can be written, and whether it needs unprotecting. */
static bool
layout_slot (const Layout *layout,
             uintptr_t     slot,
             bool         *relro)
{
  const struct dl_phdr_info *info = layout->info;

  *relro = slot >= layout->relro_start && slot + sizeof (void *) <= layout->relro_end;
  if (*relro)
    return true;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
      uintptr_t start = info->dlpi_addr + ph->p_vaddr;

      if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W)
          && slot >= start && slot + sizeof (void *) <= start + ph->p_memsz)
        return true;
    }
  return false;
}

static bool
write_slot (void **slot,
            void  *value,
            bool   relro)
{
  uintptr_t page_size = (uintptr_t) getpagesize ();
  void *page = (void *) ((uintptr_t) slot & ~(page_size - 1));

  if (relro && mprotect (page, page_size, PROT_READ | PROT_WRITE) != 0)
    return false;
  /* other threads call through the slot while we write it */
  __atomic_store_n (slot, value, __ATOMIC_SEQ_CST);
  if (relro)
    mprotect (page, page_size, PROT_READ);
  return true;
}

/* ---- patching ------------------------------------------------------------ */

static int
hook_for_name (const char *name)
{
  for (int i = 0; i < N_HOOKS; i++)
    if (strcmp (name, hook_names[i]) == 0)
      return i;
  return -1;
}

/* The loader has turned most dynamic entries into addresses by now, but not
 * everywhere (read-only .dynamic on some CPUs): an offset below the load
 * address still needs it added. */
static uintptr_t
dynamic_address (const struct dl_phdr_info *info,
                 uintptr_t                  value)
{
  return value < info->dlpi_addr ? value + info->dlpi_addr : value;
}

static void
patch_relocation (const Layout *layout,
                  const char   *strtab,
                  const ElfW(Sym) *symtab,
                  uintptr_t     offset,
                  uintptr_t     info_word)
{
  unsigned type = HT_R_TYPE (info_word);
  unsigned symbol = HT_R_SYM (info_word);
  uintptr_t address = layout->info->dlpi_addr + offset;
  void **slot = (void **) address;
  bool relro;
  int hook;

#ifdef HT_R_JUMP_SLOT
  if (type != HT_R_JUMP_SLOT && type != HT_R_GLOB_DAT)
    return;
#else
  return;
#endif
  if (symbol == 0)
    return;
  hook = hook_for_name (strtab + symtab[symbol].st_name);
  if (hook < 0 || !layout_slot (layout, address, &relro))
    return;
  if (*slot == hooks[hook] || *slot == NULL)
    return;
  if (!reserve ((void **) &slots, &slots_capacity, n_slots, sizeof (Slot)))
    return;
  slots[n_slots] = (Slot) { slot, *slot, hook, relro };
  if (write_slot (slot, hooks[hook], relro))
    n_slots++;
}

static void
patch_table (const Layout    *layout,
             const char      *strtab,
             const ElfW(Sym) *symtab,
             uintptr_t        table,
             size_t           size,
             bool             rela)
{
  if (table == 0)
    return;
  if (rela)
    {
      const ElfW(Rela) *r = (const ElfW(Rela) *) table;

      for (size_t i = 0; i < size / sizeof (ElfW(Rela)); i++)
        patch_relocation (layout, strtab, symtab, r[i].r_offset, r[i].r_info);
    }
  else
    {
      const ElfW(Rel) *r = (const ElfW(Rel) *) table;

      for (size_t i = 0; i < size / sizeof (ElfW(Rel)); i++)
        patch_relocation (layout, strtab, symtab, r[i].r_offset, r[i].r_info);
    }
}

/* Patches one object; false if it is not fully loaded yet. */
static bool
patch_object (const struct dl_phdr_info *info,
              const ElfW(Dyn)           *dynamic)
{
  const char *strtab = NULL;
  const ElfW(Sym) *symtab = NULL;
  uintptr_t jmprel = 0, rela = 0, rel = 0;
  size_t jmprel_size = 0, rela_size = 0, rel_size = 0;
  bool jmprel_is_rela = false;
  Layout layout;

  for (const ElfW(Dyn) *d = dynamic; d->d_tag != DT_NULL; d++)
    {
      switch (d->d_tag)
        {
        case DT_STRTAB:
          strtab = (const char *) dynamic_address (info, d->d_un.d_ptr);
          break;
        case DT_SYMTAB:
          symtab = (const ElfW(Sym) *) dynamic_address (info, d->d_un.d_ptr);
          break;
        case DT_JMPREL:
          jmprel = dynamic_address (info, d->d_un.d_ptr);
          break;
        case DT_PLTRELSZ:
          jmprel_size = d->d_un.d_val;
          break;
        case DT_PLTREL:
          jmprel_is_rela = d->d_un.d_val == DT_RELA;
          break;
        case DT_RELA:
          rela = dynamic_address (info, d->d_un.d_ptr);
          break;
        case DT_RELASZ:
          rela_size = d->d_un.d_val;
          break;
        case DT_REL:
          rel = dynamic_address (info, d->d_un.d_ptr);
          break;
        case DT_RELSZ:
          rel_size = d->d_un.d_val;
          break;
        default:
          break;
        }
    }
  if (strtab == NULL || symtab == NULL)
    return true;

  layout_init (&layout, info);
  if (layout.relro_start < layout.relro_end)
    {
      bool writable;

      /* still writable: the loader is relocating it right now */
      if (!page_writable (layout.relro_start, &writable) || writable)
        return false;
    }
  patch_table (&layout, strtab, symtab, jmprel, jmprel_size, jmprel_is_rela);
  patch_table (&layout, strtab, symtab, rela, rela_size, true);
  patch_table (&layout, strtab, symtab, rel, rel_size, false);
  return true;
}

typedef struct
{
  unsigned long long adds;      /* the loader's count of objects loaded */
  bool               complete;  /* every object could be patched */
} Pass;

/* dl_iterate_phdr holds the loader's lock: no object goes away meanwhile. */
static int
patch_cb (struct dl_phdr_info *info,
          size_t               size,
          void                *data)
{
  Pass *pass = data;
  const void *dynamic;
  Object *object;

  if (size >= offsetof (struct dl_phdr_info, dlpi_subs))
    {
      /* nothing was loaded since the last time: all is patched */
      if (info->dlpi_adds == last_adds)
        return 1;
      pass->adds = info->dlpi_adds;
    }

  dynamic = object_dynamic (info);
  if (dynamic == NULL || is_excluded (info) || find_object (info, dynamic) != NULL)
    return 0;
  if (!reserve ((void **) &objects, &objects_capacity, n_objects, sizeof (Object)))
    return 0;
  object = &objects[n_objects++];
  *object = (Object) { info->dlpi_addr, dynamic, n_slots, 0, false };
  if (!patch_object (info, dynamic))
    {
      /* the next pass tries again */
      n_objects--;
      pass->complete = false;
      return 0;
    }
  object->n = n_slots - object->first;
  return 0;
}

/* Called with inject_lock held. */
static void
patch_new_objects (void)
{
  Pass pass = { last_adds, true };

  maps_fresh = false;
  dl_iterate_phdr (patch_cb, &pass);
  if (pass.complete)
    last_adds = pass.adds;
}

/* ---- unloading and restoring -------------------------------------------- */

static int
mark_cb (struct dl_phdr_info *info,
         size_t               size,
         void                *data)
{
  const void *dynamic = object_dynamic (info);
  Object *object = dynamic ? find_object (info, dynamic) : NULL;

  if (object != NULL)
    object->seen = true;
  return 0;
}

/* Forgets the objects that are gone, and their slots. Called with
 * inject_lock held. */
static void
forget_unloaded (void)
{
  size_t kept_objects = 0, kept_slots = 0;

  for (size_t i = 0; i < n_objects; i++)
    objects[i].seen = false;
  dl_iterate_phdr (mark_cb, NULL);
  for (size_t i = 0; i < n_objects; i++)
    {
      Object object = objects[i];

      if (!object.seen)
        continue;
      memmove (&slots[kept_slots], &slots[object.first], object.n * sizeof (Slot));
      object.first = kept_slots;
      kept_slots += object.n;
      objects[kept_objects++] = object;
    }
  n_objects = kept_objects;
  n_slots = kept_slots;
}

static int
restore_cb (struct dl_phdr_info *info,
            size_t               size,
            void                *data)
{
  const void *dynamic = object_dynamic (info);
  Object *object = dynamic ? find_object (info, dynamic) : NULL;

  if (object == NULL)
    return 0;
  for (size_t i = object->first + object->n; i-- > object->first; )
    {
      Slot *s = &slots[i];

      /* a slot somebody rewrote after us keeps its new value */
      if (*s->slot == hooks[s->hook])
        write_slot (s->slot, s->original, s->relro);
    }
  return 0;
}

/* ---- the wrappers of dlopen and dlclose --------------------------------- */

static void *
inject_dlopen (const char *file,
               int         mode)
{
  void *handle = library_dlopen (file, mode);

  if (handle != NULL)
    {
      pthread_mutex_lock (&inject_lock);
      if (injected)
        patch_new_objects ();
      pthread_mutex_unlock (&inject_lock);
    }
  return handle;
}

static int
inject_dlclose (void *handle)
{
  int ret = library_dlclose (handle);

  if (ret == 0)
    {
      pthread_mutex_lock (&inject_lock);
      if (injected)
        forget_unloaded ();
      pthread_mutex_unlock (&inject_lock);
    }
  return ret;
}

/* ---- entry points -------------------------------------------------------- */

/* Our own definitions of the hooked functions. The library was dlopen'ed
 * without RTLD_GLOBAL and is not first in the search order, so a plain
 * reference would bind to libc's; a lookup in our own handle finds ours. */
static bool
find_hooks (void)
{
  Dl_info self, found;
  void *handle;

  if (dladdr ((void *) find_hooks, &self) == 0 || self.dli_fname == NULL)
    return false;
  handle = dlopen (self.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
  if (handle == NULL)
    return false;
  for (int i = 0; i < N_HOOKS; i++)
    {
      hooks[i] = dlsym (handle, hook_names[i]);
      if (hooks[i] == NULL || dladdr (hooks[i], &found) == 0
          || found.dli_fbase != self.dli_fbase)
        return false;
    }
  library_dlopen = (void *(*) (const char *, int)) hooks[HOOK_DLOPEN];
  library_dlclose = (int (*) (void *)) hooks[HOOK_DLCLOSE];
  hooks[HOOK_DLOPEN] = (void *) inject_dlopen;
  hooks[HOOK_DLCLOSE] = (void *) inject_dlclose;
  hooks_found = true;
  return true;
}

static int
connect_to (const char *path)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd;

  if (strlen (path) >= sizeof address.sun_path)
    return -ENAMETOOLONG;
  strcpy (address.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -errno;
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      int err = errno;

      close (fd);
      return -err;
    }
  return fd;
}

HT_EXPORT int
heaptrack_gtk_inject (const char *socket_path)
{
  int result = 0;
  int fd;

  pthread_mutex_lock (&inject_lock);
#ifndef HT_R_JUMP_SLOT
  result = HT_INJECT_UNSUPPORTED;
  goto out;
#endif
  if (injected)
    {
      result = HT_INJECT_ALREADY_RECORDING;
      goto out;
    }
  if (!hooks_found && !find_hooks ())
    {
      result = HT_INJECT_UNSUPPORTED;
      goto out;
    }
  fd = connect_to (socket_path);
  if (fd < 0)
    {
      result = fd;
      goto out;
    }
  if (!ht_preload_start (fd, true))
    {
      /* under LD_PRELOAD already: the preload library records, no GOT to patch */
      result = HT_INJECT_ALREADY_RECORDING;
      goto out;
    }
  injected = true;
  last_adds = 0;
  patch_new_objects ();

out:
  pthread_mutex_unlock (&inject_lock);
  return result;
}

HT_EXPORT void
heaptrack_gtk_uninject (void)
{
  pthread_mutex_lock (&inject_lock);
  if (!injected)
    {
      pthread_mutex_unlock (&inject_lock);
      return;
    }
  dl_iterate_phdr (restore_cb, NULL);
  n_slots = 0;
  n_objects = 0;
  injected = false;
  pthread_mutex_unlock (&inject_lock);
  /* the hooks pass calls through from here on */
  ht_preload_stop ();
}
