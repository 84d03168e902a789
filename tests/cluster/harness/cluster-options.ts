/** The test cluster's name and subnet: apart from a cluster someone runs with `npm run cluster -- up`. */
export const clusterTestOptions = { id: 'ci', subnet: '10.213.77', workerHostCount: 3 } as const;
