/* fuzz-rich-text.c: libFuzzer target for the CommonMark renderer
 *
 * Feeds arbitrary bytes, not only valid UTF-8, straight to the renderer: the
 * loader checks encoding first, but the renderer must not depend on that to
 * stay memory-safe or to produce valid text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fuzz-rich-text"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CharterRichText) rich_text = NULL;

  /* The input is not NUL-terminated: passing its length exercises the path
   * the loader uses, and ASan catches any read past the end.
   */
  rich_text = charter_rich_text_new_from_markdown ((const char *) data, (gssize) size);
  fuzz_check_rich_text (rich_text);

  return 0;
}
