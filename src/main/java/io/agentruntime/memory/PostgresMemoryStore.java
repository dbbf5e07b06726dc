package io.agentruntime.memory;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The built-in store ({@code agent.memory.provider=postgres}, DESIGN §5): documents with
 * their container tags and metadata in the service's own database.
 *
 * <p>
 * Tag rule: the strictest reading of the hosted API, exact set — a search for
 * {@code [client]} does not see documents tagged {@code [client, lead]}, just as
 * MemoryRecall expects; on top of it the {@code metadata.clientId} filter applies. Score:
 * the share of the query's terms (English full-text lexemes, stop words dropped) the
 * document contains, 0..1, so {@code chunkThreshold} means what it means upstream (0.6 =
 * most of the query); ties are ordered by {@code ts_rank} normalised to 0..1 (flag 32).
 * Statements are single and short: no transaction spans them.
 */
final class PostgresMemoryStore implements MemoryClient {

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	PostgresMemoryStore(JdbcClient jdbc, ObjectMapper mapper) {
		this.jdbc = jdbc;
		this.mapper = mapper;
	}

	@Override
	public List<MemoryHit> search(MemorySearch search) {
		try {
			return this.jdbc
				.sql("""
						with q as (
						    select tsvector_to_array(to_tsvector('english', :query)) as lexemes
						), candidates as (
						    select d.id, d.content, d.metadata, d.search,
						           (select count(*) from unnest(q.lexemes) l where l = any(tsvector_to_array(d.search)))::float8
						               / greatest(cardinality(q.lexemes), 1) as coverage,
						           ts_rank(d.search, (select string_agg(quote_literal(l), ' | ') from unnest(q.lexemes) l)::tsquery, 32) as rank
						    from memory_documents d, q
						    where cardinality(q.lexemes) > 0
						      and d.tags = cast(:tags as text[])
						      and d.client_id = :clientId
						      and d.metadata @> cast(:metadata as jsonb)
						      and d.search @@ (select string_agg(quote_literal(l), ' | ') from unnest(q.lexemes) l)::tsquery
						)
						select id, content, metadata::text as metadata, coverage from candidates
						where coverage >= :threshold
						order by coverage desc, rank desc, id
						limit :limit
						""")
				.param("query", search.query())
				.param("tags", sorted(search.tags()))
				.param("clientId", search.clientId().toString())
				.param("metadata", this.mapper.writeValueAsString(search.metadata()))
				.param("threshold", search.threshold())
				.param("limit", search.limit())
				.query((rs, row) -> new MemoryHit(rs.getString("id"), rs.getDouble("coverage"), rs.getString("content"),
						metadata(rs.getString("metadata"))))
				.list();
		}
		catch (JsonProcessingException ex) {
			throw new MemoryUnavailableException("metadata", false, null);
		}
		catch (DataAccessException ex) {
			throw new MemoryUnavailableException("database", true, null);
		}
	}

	@Override
	public void write(MemoryWrite write) {
		try {
			this.jdbc
				.sql("""
						insert into memory_documents (id, custom_id, content, tags, metadata)
						values (:id, :customId, :content, cast(:tags as text[]), cast(:metadata as jsonb))
						on conflict (custom_id) do update
						set content = excluded.content, tags = excluded.tags, metadata = excluded.metadata, updated_at = now()
						""")
				.param("id", "doc_" + UUID.randomUUID().toString().replace("-", ""))
				.param("customId", write.customId())
				.param("content", write.content())
				.param("tags", sorted(write.tags()))
				.param("metadata", this.mapper.writeValueAsString(write.metadata()))
				.update();
		}
		catch (JsonProcessingException ex) {
			throw new MemoryUnavailableException("metadata", false, null);
		}
		catch (DataAccessException ex) {
			throw new MemoryUnavailableException("database", true, null);
		}
	}

	/**
	 * Documents carrying every one of these tags (a superset rule, so erasure misses
	 * nothing).
	 */
	@Override
	public List<StoredDocument> list(List<String> tags) {
		return this.jdbc.sql("""
				select id, custom_id, tags, metadata::text as metadata from memory_documents
				where tags @> cast(:tags as text[]) order by created_at, id
				""")
			.param("tags", sorted(tags))
			.query((rs, row) -> new StoredDocument(rs.getString("id"), rs.getString("custom_id"),
					strings(rs.getArray("tags")), metadata(rs.getString("metadata"))))
			.list();
	}

	@Override
	public void delete(List<String> documentIds) {
		if (!documentIds.isEmpty()) {
			// customIds too: the outbox undoes an erased in-flight delivery by its
			// customId.
			this.jdbc.sql(
					"delete from memory_documents where id = any(cast(:ids as text[])) or custom_id = any(cast(:ids as text[]))")
				.param("ids", documentIds.toArray(String[]::new))
				.update();
		}
	}

	@Override
	public boolean probe() {
		Integer one = this.jdbc.sql("select 1").query(Integer.class).single();
		return one != null && one == 1;
	}

	/** Tags are stored sorted and unique, so exact-set matching is array equality. */
	private static String[] sorted(List<String> tags) {
		return new TreeSet<>(tags).toArray(String[]::new);
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? List.of((String[]) array.getArray()) : List.of();
	}

	private Map<String, Object> metadata(String json) {
		try {
			return (json != null) ? this.mapper.readValue(json, OBJECT) : Map.of();
		}
		catch (JsonProcessingException ex) {
			return Map.of();
		}
	}

}
