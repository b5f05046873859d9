-- A PATCH of a context with "tags": [null] used to store the null (UpdateContextRequest checked only the size of each
-- tag), after which reading that context, and listing the tenant's contexts, failed with a 500. The request now
-- refuses null and blank tags as the create request does; this removes nulls such a PATCH may have stored and lets
-- the table refuse them from now on. Contexts are few per tenant, so checking every row here is cheap.
-- memory.keywords and memory.entities need nothing: a PATCH with a null keyword or entity failed before it
-- committed, and an import refuses arrays with anything but strings.
update context set tags = array_remove(tags, null) where array_position(tags, null) is not null;
alter table context add constraint context_tags_no_nulls check (array_position(tags, null) is null);
