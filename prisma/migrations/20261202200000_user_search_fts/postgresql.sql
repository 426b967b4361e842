-- Nothing to change on PostgreSQL: the pg_trgm GIN indexes of 20261126123732_search_indexes
-- already serve "contains" on the four text columns, and its planner weighs them against walking
-- User_search_idx with its own statistics. What the capped count and keyset paging need there is
-- in the statements (src/users/search-sql.ts), not in the schema. This file keeps both databases
-- at the same list of migrations.
SELECT 1;
