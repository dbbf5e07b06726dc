package io.agentruntime.memory;

/** The contract run against the built-in store on the test database. */
class PostgresMemoryStoreTests extends MemoryStoreContractTests {

	@Override
	MemoryClient store() {
		return new PostgresMemoryStore(this.jdbc, JSON);
	}

}
