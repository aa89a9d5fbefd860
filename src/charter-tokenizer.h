/* charter-tokenizer.h: words for the search index, folded for matching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest folded token, in bytes; longer words are cut there (they are
 * still one token, so the offsets stay right).
 */
#define CHARTER_TOKEN_MAX 128

/* Called once per token: the folded token, and the byte range of the word in
 * the text it came from. Returning FALSE stops the walk.
 */
typedef gboolean (*CharterTokenFunc) (const char *token,
                                      gsize       token_length,
                                      gsize       start,
                                      gsize       end,
                                      gpointer    user_data);

void     charter_tokenize      (const char       *text,
                                gsize             length,
                                CharterTokenFunc  func,
                                gpointer          user_data);
gboolean charter_unichar_is_cjk (gunichar         c);

G_END_DECLS
