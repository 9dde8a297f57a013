// The API's lists: {data: [...], pagination: {next_page_token}}, taken back as
// ?page_token=&limit=. usePagedList fetches page by page ("Load more"), so a list
// of thousands never arrives at once.
import { useInfiniteQuery } from "@tanstack/react-query";
import { request } from "./client";

export interface Page<T> {
  data: T[];
  pagination?: { next_page_token?: string | null };
}

export function usePagedList<T>(key: unknown[], path: string, params: Record<string, string> = {}, limit = 50) {
  const query = useInfiniteQuery({
    queryKey: [...key, params, limit],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ ...params, limit: String(limit) });
      if (pageParam) search.set("page_token", pageParam);
      return request<Page<T>>("GET", `${path}?${search}`);
    },
    getNextPageParam: (last) => last.pagination?.next_page_token || undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.data ?? []) ?? [];
  return { ...query, items };
}
