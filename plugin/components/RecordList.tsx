// Every list of the panel: AdminJS's own table and pager, with what seed 002's list has beside
// them — where one is ("Page 3 of 12") and a "Go to page" box, so that a long list is not walked
// one page at a time. Replaces AdminJS's DefaultListAction for every resource.
import React, { useEffect, useState } from 'react';
import { type ActionProps, RecordsTable, useQueryParams, useRecords, useSelectedRecords } from 'adminjs';
import { Box, Button, Input, Pagination, Text } from '@adminjs/design-system';
import { useLocation } from 'react-router';

/** The page asked for, within the list's pages; null when the box holds no whole number. */
export function pageWithin(text: string, lastPage: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  return Math.min(Math.max(Number(text), 1), Math.max(lastPage, 1));
}

export default function RecordList({ resource, setTag }: ActionProps) {
  const { records, loading, direction, sortBy, page, total, fetchData, perPage } = useRecords(resource.id);
  const { selectedRecords, handleSelect, handleSelectAll, setSelectedRecords } = useSelectedRecords(records);
  const { storeParams } = useQueryParams();
  const [wanted, setWanted] = useState('');
  const lastPage = Math.max(1, Math.ceil(total / Math.max(perPage, 1)));

  useEffect(() => {
    setTag?.(total.toString());
  }, [total]);
  useEffect(() => {
    setSelectedRecords([]);
  }, [resource.id]);

  // AdminJS's own pager drops a page size given in the address; it is kept here.
  const chosenPerPage = new URLSearchParams(useLocation().search).get('perPage');
  const goTo = (pageNumber: number) => storeParams({ page: pageNumber.toString(), ...(chosenPerPage ? { perPage: chosenPerPage } : {}) });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const target = pageWithin(wanted, lastPage);
    if (target !== null) goTo(target);
    setWanted('');
  };

  return (
    <Box variant="container" data-css={`${resource.id}-list-table-wrapper`}>
      <RecordsTable
        resource={resource}
        records={records}
        actionPerformed={() => fetchData()}
        onSelect={handleSelect}
        onSelectAll={handleSelectAll}
        selectedRecords={selectedRecords}
        direction={direction}
        sortBy={sortBy}
        isLoading={loading}
      />
      {total > perPage ? (
        <Box flex flexDirection="row" flexWrap="wrap" alignItems="center" justifyContent="center" mt="xl" data-testid="list-paging">
          <Pagination page={page} perPage={perPage} total={total} onChange={goTo} />
          <Text mx="lg">
            <span data-testid="list-page-of">
              Page {Math.min(page, lastPage)} of {lastPage}
            </span>
          </Text>
          <form onSubmit={submit} style={{ display: 'flex', alignItems: 'center' }}>
            <label htmlFor="gh-go-to-page" style={{ marginRight: 8 }}>
              Go to page
            </label>
            <Input id="gh-go-to-page" inputMode="numeric" width={72} value={wanted} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setWanted(event.target.value)} />
            <Button type="submit" size="sm" ml="sm" data-testid="go-to-page">
              Go
            </Button>
          </form>
        </Box>
      ) : null}
    </Box>
  );
}
