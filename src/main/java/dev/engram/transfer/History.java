package dev.engram.transfer;

/**
 * Earlier versions of a record, kept in a side table keyed by the record's id and exported as one JSON array field of
 * the record: {@code [{id, version, <timeField>, <snapshotField>}, …]}, oldest first. An import writes them with the
 * record they belong to, only when it creates that record.
 *
 * @param field         the record's field in the export ({@code versions}, {@code revisions})
 * @param table         the side table
 * @param ownerTable    the record's table
 * @param ownerColumn   the side table's column holding the record's id
 * @param snapshotField the name of the snapshot in each exported element
 * @param timeField     the name of the time in each exported element
 * @param timeColumn    the side table's time column
 */
record History(String field, String table, String ownerTable, String ownerColumn, String snapshotField,
               String timeField, String timeColumn) {

    /** A knowledge entry's versions (every version, the current one included), each with its creation time. */
    static final History KNOWLEDGE_VERSIONS = new History("versions", "knowledge_version", "knowledge_entry",
            "entry_id", "entry", "createdAt", "created_at");

    /** A memory's earlier versions, each with the time a PATCH replaced it. */
    static final History MEMORY_REVISIONS = new History("revisions", "memory_revision", "memory", "memory_id",
            "memory", "replacedAt", "replaced_at");

    /** The export's field: the side table's rows of the record as a JSON array. */
    Column column() {
        return Column.derived(field, "select coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'version', v.version,"
                + " '" + timeField + "', to_char(v." + timeColumn + " at time zone 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '" + snapshotField + "', v.snapshot) order by v.version),"
                + " '[]'::jsonb) from " + table + " v where v." + ownerColumn + " = " + ownerTable + ".id"
                + " and v.tenant_id = " + ownerTable + ".tenant_id");
    }
}
