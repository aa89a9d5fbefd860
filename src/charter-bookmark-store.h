/* charter-bookmark-store.h: every bookmark, kept safe on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "charter-bookmark.h"
#include "charter-knowledge-base.h"

G_BEGIN_DECLS

/* The version of the bookmarks file this Charter writes. */
#define CHARTER_BOOKMARK_STORE_FORMAT 2

#define CHARTER_BOOKMARK_STORE_ERROR (charter_bookmark_store_error_quark ())

typedef enum
{
  /* Not a bookmarks file, or a damaged one. */
  CHARTER_BOOKMARK_STORE_ERROR_INVALID,
  /* Written by a newer Charter, in a format this one does not know. */
  CHARTER_BOOKMARK_STORE_ERROR_NEWER,
  /* The store could not read its file, so it will not write it either. */
  CHARTER_BOOKMARK_STORE_ERROR_READ_ONLY,
} CharterBookmarkStoreError;

#define CHARTER_TYPE_BOOKMARK_STORE (charter_bookmark_store_get_type ())

G_DECLARE_FINAL_TYPE (CharterBookmarkStore, charter_bookmark_store,
                      CHARTER, BOOKMARK_STORE, GObject)

GQuark                charter_bookmark_store_error_quark        (void);
CharterBookmarkStore *charter_bookmark_store_new                (GFile                *file);
GFile                *charter_bookmark_store_get_file           (CharterBookmarkStore *self);
void                  charter_bookmark_store_load               (CharterBookmarkStore *self);
const char           *charter_bookmark_store_get_problem        (CharterBookmarkStore *self);
gboolean              charter_bookmark_store_get_read_only      (CharterBookmarkStore *self);
void                  charter_bookmark_store_set_monitored      (CharterBookmarkStore *self,
                                                                 gboolean              monitored);
CharterBookmark      *charter_bookmark_store_lookup             (CharterBookmarkStore *self,
                                                                 const char           *id);
CharterBookmark      *charter_bookmark_store_find_entry         (CharterBookmarkStore *self,
                                                                 const char           *kb_id,
                                                                 const char           *entry_id);
void                  charter_bookmark_store_add                (CharterBookmarkStore *self,
                                                                 CharterBookmark      *bookmark);
CharterBookmark      *charter_bookmark_store_remove             (CharterBookmarkStore *self,
                                                                 const char           *id);
void                  charter_bookmark_store_set_note           (CharterBookmarkStore *self,
                                                                 const char           *id,
                                                                 const char           *note);
gboolean              charter_bookmark_store_save               (CharterBookmarkStore *self,
                                                                 GError              **error);
void                  charter_bookmark_store_flush              (CharterBookmarkStore *self);
void                  charter_bookmark_store_reload             (CharterBookmarkStore *self);
void                  charter_bookmark_store_check_knowledge_base (CharterBookmarkStore *self,
                                                                   CharterKnowledgeBase *kb);
char                 *charter_bookmark_store_export_json        (CharterBookmarkStore *self);
char                 *charter_bookmark_store_export_markdown    (CharterBookmarkStore *self);
gboolean              charter_bookmark_store_export_to_file     (CharterBookmarkStore *self,
                                                                 GFile                *file,
                                                                 gboolean              markdown,
                                                                 GError              **error);
int                   charter_bookmark_store_import_json        (CharterBookmarkStore *self,
                                                                 const char           *data,
                                                                 gssize                length,
                                                                 GError              **error);

G_END_DECLS
