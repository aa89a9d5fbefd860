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

/* The most bytes one character can fold to: a full decomposition, each part
 * in UTF-8.
 */
#define CHARTER_FOLD_MAX (G_UNICHAR_MAX_DECOMPOSITION_LENGTH * 6)

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
/* Writes @c as search compares it to @out (CHARTER_FOLD_MAX bytes, not
 * terminated) and returns the bytes written: compatibility-decomposed, marks
 * dropped, lower-cased; with @letters_only, what is not a letter or digit is
 * dropped too. Find in page folds with this function and the index through
 * charter_tokenize(), so both agree on what matches.
 */
gsize    charter_unichar_fold  (gunichar         c,
                                gboolean         letters_only,
                                char            *out);

G_END_DECLS
