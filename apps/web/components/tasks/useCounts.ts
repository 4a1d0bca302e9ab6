'use client';

import type { TaskCounts } from '@todo/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, userTimeZone } from '@/lib/api';

/** How many tasks each view holds; fetched again on `refreshKey` and on `reload`. */
export function useCounts(refreshKey: number) {
  const [counts, setCounts] = useState<TaskCounts | null>(null);
  const reload = useCallback(async () => {
    try {
      const tz = encodeURIComponent(userTimeZone());
      setCounts(await api<TaskCounts>(`/api/tasks/counts?tz=${tz}`));
    } catch {
      // The counts are a nicety: the list shows the error if the API is down.
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);
  return { counts, reload };
}
