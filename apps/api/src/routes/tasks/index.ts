import {
  ApiError,
  Task,
  TaskCounts,
  TaskCountsQuery,
  TaskCreate,
  TaskIdParams,
  TaskList,
  TaskListQuery,
  TaskUpdate,
} from '@todo/contracts';
import { InvalidCursorError, type TaskRepository } from '@todo/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidField, notFound } from '../../errors';

const errors = { 400: ApiError, 401: ApiError, 404: ApiError };

const tasksRoutes: FastifyPluginAsyncZod<{ tasks: TaskRepository }> = async (app, { tasks }) => {
  app.addHook('onRequest', app.requireCaller);
  const tags = ['tasks'];
  const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        security,
        summary: 'List your tasks, filtered, sorted and paginated',
        querystring: TaskListQuery,
        response: { 200: TaskList, ...errors },
      },
    },
    async (request) => {
      try {
        return await tasks.list(request.caller!.userId, request.query);
      } catch (err) {
        if (err instanceof InvalidCursorError) throw invalidField('cursor', err.message);
        throw err;
      }
    },
  );

  app.get(
    '/api/tasks/counts',
    {
      schema: {
        tags,
        security,
        summary:
          'How many tasks are pending, due today, in the next 7 days, overdue, completed, and per tag',
        querystring: TaskCountsQuery,
        response: { 200: TaskCounts, ...errors },
      },
    },
    (request) => tasks.counts(request.caller!.userId, request.query.tz),
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        tags,
        security,
        summary: 'Create a task',
        body: TaskCreate,
        response: { 201: Task, ...errors },
      },
    },
    async (request, reply) => {
      const task = await tasks.create(request.caller!.userId, request.body);
      return reply.status(201).send(task);
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get one task',
        params: TaskIdParams,
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const task = await tasks.get(request.caller!.userId, request.params.id);
      if (!task) throw notFound(`Task ${request.params.id}`);
      return task;
    },
  );

  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        security,
        summary:
          'Change any of title, description, priority, dueAt, tags, recurrence, completed (completing a recurring task creates its next occurrence)',
        params: TaskIdParams,
        body: TaskUpdate,
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const task = await tasks.update(request.caller!.userId, request.params.id, request.body);
      if (!task) throw notFound(`Task ${request.params.id}`);
      return task;
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags,
        security,
        summary: 'Mark a task completed',
        params: TaskIdParams,
        response: { 200: Task, ...errors },
      },
    },
    async (request) => {
      const task = await tasks.complete(request.caller!.userId, request.params.id);
      if (!task) throw notFound(`Task ${request.params.id}`);
      return task;
    },
  );

  app.delete(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a task',
        params: TaskIdParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      const removed = await tasks.remove(request.caller!.userId, request.params.id);
      if (!removed) throw notFound(`Task ${request.params.id}`);
      return reply.status(204).send(null);
    },
  );
};

export default tasksRoutes;
