/** Old name kept while work in flight moves over; import from './sqlite'. */
export * from './sqlite';
