-- 0008_cta_links: the UTM values of a call to action's link, frozen the
-- first time the link is shown (plan.CTA.FreezeUTM), so that renaming the
-- plan or the goal never rewrites a link already published. The team may
-- still edit them on purpose in the call to action's form.
--
-- Existing calls to action are not frozen here: their campaign is made of
-- the plan's and the goal's names folded to a slug (plan.Slug), which SQL
-- cannot compute alike on both backends. They keep empty values, which
-- read as "not frozen yet", and are frozen from their names at the time
-- their link is first shown after this migration (the list of step 4, the
-- content plan, a review request, an edit), which are the names their link
-- was built from until then unless a rename came first. Times are UTC text
-- in the layout of 0001, '' when unset. Never edit this file once shipped.
--
-- The PostgreSQL twin of sqlite/0008_cta_links.sql: see 0001 for the types.

ALTER TABLE ctas ADD COLUMN utm_source TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ctas ADD COLUMN utm_medium TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ctas ADD COLUMN utm_campaign TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ctas ADD COLUMN utm_content TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ctas ADD COLUMN utm_frozen_at TEXT COLLATE "C" NOT NULL DEFAULT ''; -- '' while not frozen
